/** `duplicate-service` (error): service names are unique in a schema. */
import type { NameNode } from "../syntax/ast.ts";
import type { Check } from "./check-types.ts";
import { servicesOf } from "./walk.ts";

/** Rejects a second service with the same name. */
export const duplicateService: Check = {
  code: "duplicate-service",
  severity: "error",
  summary: "two services have the same name",
  run(ctx) {
    const seen = new Map<string, NameNode>();
    for (const service of servicesOf(ctx.schema)) {
      const first = seen.get(service.name.text);
      if (first === undefined) {
        seen.set(service.name.text, service.name);
      } else {
        ctx.report(service.name.loc, `service '${service.name.text}' is already defined at line ${first.loc.line}`, [
          { loc: first.loc, message: `first definition of service '${first.text}'` },
        ]);
      }
    }
  },
};
