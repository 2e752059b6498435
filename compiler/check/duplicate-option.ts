/** `duplicate-option` (warning): an option list names the same option twice. */
import type { Check } from "./check-types.ts";
import { optionListsOf, servicesOf } from "./walk.ts";

/** Warns about `[errors errors]`. */
export const duplicateOption: Check = {
  code: "duplicate-option",
  severity: "warning",
  summary: "an option list names the same option twice",
  run(ctx) {
    for (const service of servicesOf(ctx.schema)) {
      for (const list of optionListsOf(service)) {
        const seen = new Set<string>();
        for (const name of list.names) {
          if (seen.has(name.text)) ctx.report(name.loc, `option '${name.text}' is already given`);
          seen.add(name.text);
        }
      }
    }
  },
};
