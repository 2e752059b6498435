/**
 * `method-moved` (source): a cmd now served by another (existing) service. Nodes still agree
 * on the cmd, but code using the old service's client or handler breaks, and nodes that find
 * the method's server by service name (service targets, discovery) look under another name.
 */
import { hexTag } from "../describe.ts";
import type { BreakingRule } from "../rule.ts";
import { forEachMatchedMethod, serviceNamed } from "../services.ts";

/** Reports methods that moved to another service. */
export const methodMoved: BreakingRule = {
  code: "method-moved",
  levels: ["source"],
  summary: "a method moved to another service: breaks code using either service, and lookups by service name",
  run(ctx) {
    forEachMatchedMethod(ctx, ({ file, cmd, old, neu }) => {
      if (neu.service.name === old.service.name || serviceNamed(file.neu, old.service.name) === undefined) return;
      ctx.report({
        level: "source",
        directions: [],
        message:
          `method '${old.method.name}' (cmd ${hexTag(cmd)}) moved from service '${old.service.name}' to '${neu.service.name}' ` +
          `(nodes that find its server by service name look under the other name)`,
        loc: neu.method.loc,
      });
    });
  },
};
