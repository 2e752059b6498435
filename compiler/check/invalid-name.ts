/**
 * `invalid-name` (error): names are `[A-Za-z][A-Za-z0-9_]*`. The lexer also accepts a
 * leading `_` and names with letters of any script (`café`, `名前`), so that this check can
 * point at the whole name, once, instead of a vague syntax error.
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
      if (VALID.test(name.text)) return;
      const foreign = /[^\u0000-\u007f]/u.exec(name.text)?.[0];
      if (foreign !== undefined) {
        const code = `U+${(foreign.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
        ctx.report(
          name.loc,
          `invalid name '${name.text}': '${foreign}' (${code}) is not ASCII; names are ASCII letters, digits and '_', starting with a letter`,
        );
        return;
      }
      ctx.report(name.loc, `invalid name '${name.text}': names start with a letter and continue with letters, digits or '_'`);
    });
  },
};
