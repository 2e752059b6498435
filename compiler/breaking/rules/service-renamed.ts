/**
 * `service-renamed` (source): a service's name is gone and a new service serves its cmds.
 * Calls still reach their handlers (the wire knows cmds, not services), but code using the
 * generated `XClient`/`serveX` breaks, and nodes that find servers by service name (service
 * targets, discovery registries) look under different names until every node runs the new
 * version.
 */
import type { BreakingRule } from "../rule.ts";
import { renamedService, serviceNamed } from "../services.ts";

/** Reports services renamed. */
export const serviceRenamed: BreakingRule = {
  code: "service-renamed",
  levels: ["source"],
  summary: "a service renamed (its cmds served under a new name): breaks generated names and lookups by service name",
  run(ctx) {
    for (const file of ctx.files) {
      for (const service of file.old.services) {
        if (serviceNamed(file.neu, service.name) !== undefined) continue;
        const now = renamedService(file.old, file.neu, service);
        if (now === undefined) continue;
        ctx.report({
          level: "source",
          directions: [],
          message:
            `service '${service.name}' was renamed to '${now.name}' (nodes that find servers by service name look ` +
            `under different names until every node runs the new schema)`,
          loc: now.loc,
        });
      }
    }
  },
};
