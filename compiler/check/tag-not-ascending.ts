/**
 * `tag-not-ascending` (error): field tags must be strictly ascending in declaration
 * order (gaps allowed), because the wire format encodes tag deltas. A tag equal to an
 * earlier one is left to `duplicate-tag`.
 */
import type { SourceLocation } from "../diagnostics/source-location.ts";
import { numberValue } from "../syntax/number-literal.ts";
import type { Check } from "./check-types.ts";
import { fieldsOf, forEachStruct } from "./walk.ts";

/** Rejects a field tag smaller than the largest tag before it. */
export const tagNotAscending: Check = {
  code: "tag-not-ascending",
  severity: "error",
  summary: "field tags are not strictly ascending",
  run(ctx) {
    forEachStruct(ctx.resolution, (info) => {
      let max: { value: number; name: string; loc: SourceLocation } | undefined;
      const used = new Set<number>();
      for (const field of fieldsOf(info)) {
        const value = field.tag === undefined ? undefined : numberValue(field.tag.text);
        if (field.tag === undefined || value === undefined) continue;
        if (max !== undefined && value < max.value && !used.has(value)) {
          ctx.report(
            field.tag.loc,
            `tag ${value} of field '${field.name?.text ?? "?"}' is smaller than tag ${max.value} of field '${max.name}'; tags must be ascending`,
            [{ loc: max.loc, message: `tag ${max.value} of field '${max.name}'` }],
          );
        }
        used.add(value);
        if (max === undefined || value > max.value) max = { value, name: field.name?.text ?? "?", loc: field.tag.loc };
      }
    });
  },
};
