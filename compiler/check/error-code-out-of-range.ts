/**
 * `error-code-out-of-range` (error): an error code is not a number from 1 to 2147483647. 0 means
 * success, and the negative codes are the runtime's own (-1 internal, -2 unknown).
 */
import { readNumberLiteral } from "../syntax/number-literal.ts";
import type { Check } from "./check-types.ts";
import { servicesOf } from "./walk.ts";

const MAX_CODE = 0x7fffffff;

/** Rejects `oops 0`, `oops -3`, `oops 010`, `oops 3000000000`. */
export const errorCodeOutOfRange: Check = {
  code: "error-code-out-of-range",
  severity: "error",
  summary: "an error code is not a number from 1 to 2147483647",
  run(ctx) {
    for (const service of servicesOf(ctx.schema)) {
      for (const list of service.errorLists) {
        for (const code of list.codes) {
          if (code.value === undefined) continue;
          const reading = readNumberLiteral(code.value.text);
          if (!reading.ok || reading.value < 1 || reading.value > MAX_CODE) {
            ctx.report(
              code.value.loc,
              `error code '${code.value.text}' must be a decimal or 0x number from 1 to ${MAX_CODE} (0 means success, negative codes are the runtime's)`,
            );
          }
        }
      }
    }
  },
};
