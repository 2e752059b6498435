/**
 * `method-kind-changed` (wire): a call (`a -> b`) became one-way (`a`) or back. A caller of
 * a call waits for a response; a one-way handler never sends one, so that caller times out:
 * old callers of a call that became one-way, new callers of a one-way method that became a
 * call (old servers do not answer it).
 */
import { hexTag } from "../describe.ts";
import type { BreakingRule } from "../rule.ts";
import { forEachMatchedMethod } from "../services.ts";

/** Reports calls turned one-way and one-way methods turned into calls. */
export const methodKindChanged: BreakingRule = {
  code: "method-kind-changed",
  levels: ["wire"],
  summary: "a call became one-way or back: the side that waits for a response never gets one",
  run(ctx) {
    forEachMatchedMethod(ctx, ({ cmd, old: { method: old }, neu: { method: neu } }) => {
      if ((old.response === undefined) === (neu.response === undefined)) return;
      const toOneWay = neu.response === undefined;
      ctx.report({
        level: "wire",
        directions: [toOneWay ? "old-to-new" : "new-to-old"],
        message: toOneWay
          ? `method '${neu.name}' (cmd ${hexTag(cmd)}) was a call and is now one-way: old nodes call it and wait for a ` +
            `response that new servers never send (they time out)`
          : `method '${neu.name}' (cmd ${hexTag(cmd)}) was one-way and is now a call: new nodes call it and wait for a ` +
            `response that old servers never send (they time out)`,
        loc: neu.loc,
      });
    });
  },
};
