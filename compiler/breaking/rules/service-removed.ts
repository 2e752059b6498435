/**
 * `service-removed` (wire): a service whose name is gone and whose cmds no other new service
 * took over. Old nodes still call its methods (and look it up by name); nothing serves them.
 */
import type { BreakingRule } from "../rule.ts";
import { renamedService, serviceNamed } from "../services.ts";

/** Reports services removed. */
export const serviceRemoved: BreakingRule = {
  code: "service-removed",
  levels: ["wire"],
  summary: "a service removed: old nodes still call its methods and nothing serves them",
  run(ctx) {
    for (const file of ctx.files) {
      for (const service of file.old.services) {
        if (serviceNamed(file.neu, service.name) !== undefined || renamedService(file.old, file.neu, service) !== undefined) continue;
        const methods = service.methods.map((m) => `'${m.name}'`).join(", ");
        ctx.report({
          level: "wire",
          directions: ["old-to-new"],
          message: `service '${service.name}' was removed: old nodes still call its methods (${methods}) and new nodes serve none of them`,
          loc: service.loc,
        });
      }
    }
  },
};
