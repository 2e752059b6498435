/**
 * `field-before-struct` (error): zproto reads a struct body as nested structs first,
 * then fields; a nested struct after a field is rejected.
 */
import type { FieldNode } from "../syntax/ast.ts";
import type { Check } from "./check-types.ts";
import { forEachStruct } from "./walk.ts";

/** Rejects a nested struct definition that follows a field. */
export const fieldBeforeStruct: Check = {
  code: "field-before-struct",
  severity: "error",
  summary: "a nested struct is defined after a field of its parent",
  run(ctx) {
    forEachStruct(ctx.resolution, (info) => {
      let firstField: FieldNode | undefined;
      for (const member of info.node.members) {
        if (member.kind === "field") {
          firstField ??= member;
        } else if (firstField !== undefined) {
          ctx.report(
            member.name.loc,
            `nested struct '${member.name.text}' is defined after the field at line ${firstField.loc.line}; ` +
              `nested structs must come before the fields of '${info.qualifiedName}'`,
            [{ loc: firstField.name?.loc ?? firstField.loc, message: "the first field" }],
          );
        }
      }
    });
  },
};
