/**
 * `errors-removed`: a method no longer declares `[errors]`. The bytes are the same (the status
 * fields are plain fields), but callers' code stops getting a `RemoteError` for a set `code`, and
 * handlers' `throw new RemoteError(…)` is no longer answered: source-breaking.
 */
import { hexTag } from "../describe.ts";
import type { BreakingRule } from "../rule.ts";
import { forEachMatchedMethod } from "../services.ts";

/** Reports methods that declared errors and no longer do. */
export const errorsRemoved: BreakingRule = {
  code: "errors-removed",
  levels: ["source"],
  summary: "a method no longer declares errors: callers stop getting RemoteErrors, handlers' throws are no longer answered",
  run(ctx) {
    forEachMatchedMethod(ctx, ({ cmd, old: { method: old }, neu: { method: neu } }) => {
      if (old.errors !== true || neu.errors === true || neu.response === undefined) return;
      ctx.report({
        level: "source",
        directions: [],
        message: `method '${neu.name}' (cmd ${hexTag(cmd)}) no longer declares [errors]: a set 'code' no longer rejects with a RemoteError`,
        loc: neu.loc,
      });
    });
  },
};
