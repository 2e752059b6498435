/**
 * `octal-number` (error): zproto reads numbers with `strtoul(s, 0)`, so `010` means 8
 * and `09` means 0. Rather than reinterpret silently, clusterc rejects a leading zero
 * and suggests the hex spelling of what zproto would have read.
 */
import { readNumberLiteral, toHex } from "../syntax/number-literal.ts";
import type { Check } from "./check-types.ts";
import { forEachNumber } from "./walk.ts";

/** What C `strtoul(text, 0)` reads from an octal-looking literal (stops at the first 8 or 9). */
function strtoulOctal(text: string): number {
  const digits = /^[0-7]*/.exec(text)?.[0] ?? "";
  return digits === "" ? 0 : Number.parseInt(digits, 8);
}

/** Rejects decimal literals with a leading zero. */
export const octalNumber: Check = {
  code: "octal-number",
  severity: "error",
  summary: "a number has a leading zero (zproto would read it as octal)",
  run(ctx) {
    forEachNumber(ctx.resolution, (num) => {
      const reading = readNumberLiteral(num.text);
      if (!reading.ok && reading.problem === "octal") {
        const zproto = strtoulOctal(num.text);
        ctx.report(
          num.loc,
          `number '${num.text}' has a leading zero: zproto would read it as octal (${zproto}); ` +
            `write ${zproto} or ${toHex(zproto)}, or drop the leading zero`,
        );
      }
    });
  },
};
