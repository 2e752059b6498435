/** `unknown-option` (error): a `[ … ]` option list names something other than `errors` or `idempotent`. */
import type { Check } from "./check-types.ts";
import { isMethodOption, METHOD_OPTIONS } from "../model/method-options.ts";
import { optionListsOf, servicesOf } from "./walk.ts";

/** Rejects unknown option names on services and methods. */
export const unknownOption: Check = {
  code: "unknown-option",
  severity: "error",
  summary: "an option list names an unknown option",
  run(ctx) {
    for (const service of servicesOf(ctx.schema)) {
      for (const list of optionListsOf(service)) {
        for (const name of list.names) {
          if (!isMethodOption(name.text)) {
            ctx.report(name.loc, `unknown option '${name.text}': the options are ${METHOD_OPTIONS.map((o) => `'${o}'`).join(" and ")}`);
          }
        }
      }
    }
  },
};
