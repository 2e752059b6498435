/**
 * `invalid-name` (error): names are `[A-Za-z][A-Za-z0-9_]*`. The lexer also accepts a
 * leading `_` so that this check can point at the name instead of a vague syntax error.
 */
import type { Check } from "./check-types.ts";
import { forEachName } from "./walk.ts";

const VALID = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Rejects names that do not start with a letter. */
export const invalidName: Check = {
  code: "invalid-name",
  severity: "error",
  summary: "a name must start with a letter: [A-Za-z][A-Za-z0-9_]*",
  run(ctx) {
    forEachName(ctx.schema, ctx.resolution, (name) => {
      if (!VALID.test(name.text)) {
        ctx.report(name.loc, `invalid name '${name.text}': names start with a letter and continue with letters, digits or '_'`);
      }
    });
  },
};
