/**
 * `name-too-long` (error): zproto reads names into a 64-byte buffer, so a name may have
 * at most 63 characters.
 */
import type { Check } from "./check-types.ts";
import { forEachName } from "./walk.ts";

/** The longest name zproto accepts. */
export const MAX_NAME_LENGTH = 63;

/** Rejects names longer than {@link MAX_NAME_LENGTH}. */
export const nameTooLong: Check = {
  code: "name-too-long",
  severity: "error",
  summary: `a name has more than ${MAX_NAME_LENGTH} characters`,
  run(ctx) {
    forEachName(ctx.schema, ctx.resolution, (name) => {
      if (name.text.length > MAX_NAME_LENGTH) {
        ctx.report(name.loc, `name is ${name.text.length} characters long; the maximum is ${MAX_NAME_LENGTH}`);
      }
    });
  },
};
