/** `duplicate-field` (error): field names are unique within a struct. */
import type { NameNode } from "../syntax/ast.ts";
import type { Check } from "./check-types.ts";
import { fieldsOf, forEachStruct } from "./walk.ts";

/** Rejects a second field with the same name in one struct. */
export const duplicateField: Check = {
  code: "duplicate-field",
  severity: "error",
  summary: "two fields of a struct have the same name",
  run(ctx) {
    forEachStruct(ctx.resolution, (info) => {
      const seen = new Map<string, NameNode>();
      for (const field of fieldsOf(info)) {
        if (field.name === undefined) continue;
        const first = seen.get(field.name.text);
        if (first === undefined) {
          seen.set(field.name.text, field.name);
        } else {
          ctx.report(field.name.loc, `field '${field.name.text}' is already defined in '${info.qualifiedName}' at line ${first.loc.line}`, [
            { loc: first.loc, message: `first definition of field '${first.text}'` },
          ]);
        }
      }
    });
  },
};
