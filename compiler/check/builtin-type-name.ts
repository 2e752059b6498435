/**
 * `builtin-type-name` (warning): a struct named like a builtin type (`string`,
 * `integer`, …) can never be used as a field type, because the builtin name wins.
 */
import { isBuiltinTypeName } from "../model/builtin-types.ts";
import type { Check } from "./check-types.ts";
import { forEachStruct } from "./walk.ts";

/** Warns about structs whose name is a builtin type name. */
export const builtinTypeName: Check = {
  code: "builtin-type-name",
  severity: "warning",
  summary: "a struct has the name of a builtin type and cannot be referenced",
  run(ctx) {
    forEachStruct(ctx.resolution, (info) => {
      if (isBuiltinTypeName(info.node.name.text)) {
        ctx.report(
          info.node.name.loc,
          `struct '${info.node.name.text}' has the name of a builtin type; fields of type '${info.node.name.text}' mean the builtin`,
        );
      }
    });
  },
};
