/** `negative-number` (error): tags and protocol tags are unsigned; `-1` is never valid. */
import { readNumberLiteral } from "../syntax/number-literal.ts";
import type { Check } from "./check-types.ts";
import { forEachNumber } from "./walk.ts";

/** Rejects number literals with a minus sign. */
export const negativeNumber: Check = {
  code: "negative-number",
  severity: "error",
  summary: "a tag or protocol tag is negative",
  run(ctx) {
    forEachNumber(ctx.resolution, (num) => {
      const reading = readNumberLiteral(num.text);
      if (!reading.ok && reading.problem === "negative") {
        ctx.report(num.loc, `negative number '${num.text}': tags are unsigned`);
      }
    });
  },
};
