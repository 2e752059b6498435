/** `empty-service` (warning): a service block without methods generates nothing useful. */
import type { Check } from "./check-types.ts";
import { servicesOf } from "./walk.ts";

/** Warns about `service NAME { }`. */
export const emptyService: Check = {
  code: "empty-service",
  severity: "warning",
  summary: "a service has no methods",
  run(ctx) {
    for (const service of servicesOf(ctx.schema)) {
      if (service.methods.length === 0) ctx.report(service.name.loc, `service '${service.name.text}' has no methods`);
    }
  },
};
