/** `invalid-number` (error): a number must be decimal (`16`) or hex (`0x10`); `12ab`, `0x` are not. */
import { readNumberLiteral } from "../syntax/number-literal.ts";
import type { Check } from "./check-types.ts";
import { forEachNumber } from "./walk.ts";

/** Rejects malformed number literals. */
export const invalidNumber: Check = {
  code: "invalid-number",
  severity: "error",
  summary: "a number is neither decimal nor 0x hex",
  run(ctx) {
    forEachNumber(ctx.resolution, (num) => {
      const reading = readNumberLiteral(num.text);
      if (!reading.ok && reading.problem === "invalid") {
        ctx.report(num.loc, `invalid number '${num.text}': write a decimal number or 0x followed by hex digits`);
      }
    });
  },
};
