/** `array-of-array` (error): a field type takes at most one `[]` / `[key]` suffix. */
import type { Check } from "./check-types.ts";
import { forEachField } from "./walk.ts";

/** Rejects `T[][]`, `T[k][]` and the like. */
export const arrayOfArray: Check = {
  code: "array-of-array",
  severity: "error",
  summary: "a field type has more than one [] suffix",
  run(ctx) {
    forEachField(ctx.resolution, (field) => {
      const extra = field.type?.suffixes[1];
      if (field.type !== undefined && extra !== undefined) {
        ctx.report(
          extra.loc,
          `'${field.type.name.text}' has more than one [] suffix: arrays of arrays are not supported; wrap the inner array in a struct`,
        );
      }
    });
  },
};
