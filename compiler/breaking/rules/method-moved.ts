/**
 * `method-moved` (source): a cmd now served by another (existing) service. Nodes still agree
 * on the cmd, but code using the old service's client or handler breaks, and nodes that find
 * the method's server by service name (service targets, discovery) look under another name.
 */
import { hexTag } from "../describe.ts";
import type { BreakingRule } from "../rule.ts";
import { methodsByCmd, serviceNamed } from "../services.ts";

/** Reports methods that moved to another service. */
export const methodMoved: BreakingRule = {
  code: "method-moved",
  levels: ["source"],
  summary: "a method moved to another service: breaks code using either service, and lookups by service name",
  run(ctx) {
    for (const file of ctx.files) {
      const served = methodsByCmd(file.neu);
      for (const [cmd, { service: oldService, method }] of methodsByCmd(file.old)) {
        const now = served.get(cmd);
        if (now === undefined || now.service.name === oldService.name || serviceNamed(file.neu, oldService.name) === undefined) continue;
        ctx.report({
          level: "source",
          directions: [],
          message:
            `method '${method.name}' (cmd ${hexTag(cmd)}) moved from service '${oldService.name}' to '${now.service.name}' ` +
            `(nodes that find its server by service name look under the other name)`,
          loc: now.method.loc,
        });
      }
    }
  },
};
