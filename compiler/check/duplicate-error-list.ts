/** `duplicate-error-list` (error): a service has more than one `errors { … }` block. */
import type { Check } from "./check-types.ts";
import { servicesOf } from "./walk.ts";

/** Rejects a second `errors { … }` in one service. */
export const duplicateErrorList: Check = {
  code: "duplicate-error-list",
  severity: "error",
  summary: "a service has more than one errors list",
  run(ctx) {
    for (const service of servicesOf(ctx.schema)) {
      const [first, ...rest] = service.errorLists;
      for (const list of rest) {
        ctx.report(list.loc, `service '${service.name.text}' already lists its errors (line ${first?.loc.line})`);
      }
    }
  },
};
