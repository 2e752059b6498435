/** `duplicate-service` (error): service names are unique in a schema. */
import type { Check } from "./check-types.ts";
import { servicesOf } from "./walk.ts";

/** Rejects a second service with the same name. */
export const duplicateService: Check = {
  code: "duplicate-service",
  severity: "error",
  summary: "two services have the same name",
  run(ctx) {
    const seen = new Map<string, number>();
    for (const service of servicesOf(ctx.schema)) {
      const first = seen.get(service.name.text);
      if (first === undefined) {
        seen.set(service.name.text, service.name.loc.line);
      } else {
        ctx.report(service.name.loc, `service '${service.name.text}' is already defined at line ${first}`);
      }
    }
  },
};
