/**
 * `duplicate-tag` (error): two fields of a struct have the same tag. (zproto reports it
 * as "tag must be defined ascending"; clusterc names it precisely.)
 */
import type { FieldNode } from "../syntax/ast.ts";
import { numberValue } from "../syntax/number-literal.ts";
import type { Check } from "./check-types.ts";
import { fieldsOf, forEachStruct } from "./walk.ts";

/** Rejects a field tag already used in the same struct. */
export const duplicateTag: Check = {
  code: "duplicate-tag",
  severity: "error",
  summary: "two fields of a struct have the same tag",
  run(ctx) {
    forEachStruct(ctx.resolution, (info) => {
      const seen = new Map<number, FieldNode>();
      for (const field of fieldsOf(info)) {
        const value = field.tag === undefined ? undefined : numberValue(field.tag.text);
        if (field.tag === undefined || value === undefined) continue;
        const first = seen.get(value);
        if (first === undefined) {
          seen.set(value, field);
        } else {
          const firstName = first.name?.text ?? "?";
          ctx.report(field.tag.loc, `tag ${value} is already used by field '${firstName}' of '${info.qualifiedName}'`, [
            { loc: first.tag?.loc ?? first.loc, message: `tag of field '${firstName}'` },
          ]);
        }
      }
    });
  },
};
