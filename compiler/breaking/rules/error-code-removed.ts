/**
 * `error-code-removed`: a code left a service's closed `errors { … }` list (or its value changed,
 * or the list went away). Callers' `switch (err.code)` names a code that is no longer in the
 * union, and a peer still answering with it is read as -2 (unknown): source-breaking.
 */
import type { BreakingRule } from "../rule.ts";
import { serviceNamed } from "../services.ts";

/** Reports codes of a service's closed list that the new version lacks. */
export const errorCodeRemoved: BreakingRule = {
  code: "error-code-removed",
  levels: ["source"],
  summary: "a code left a service's errors list: callers' switches name a code that is gone, peers still using it are read as unknown",
  run(ctx) {
    for (const file of ctx.files) {
      for (const old of file.old.services) {
        const neu = serviceNamed(file.neu, old.name);
        if (neu === undefined || old.errorCodes === undefined) continue;
        const kept = new Map((neu.errorCodes ?? []).map((c) => [c.name, c.value]));
        for (const code of old.errorCodes) {
          const value = kept.get(code.name);
          if (neu.errorCodes !== undefined && value === code.value) continue;
          const what =
            neu.errorCodes === undefined
              ? "the service no longer lists its codes"
              : value === undefined
                ? "it is no longer listed"
                : `its value changed from ${code.value} to ${value}`;
          ctx.report({
            level: "source",
            directions: [],
            message: `error code '${code.name}' (${code.value}) of service '${neu.name}': ${what}`,
            loc: neu.loc,
          });
        }
      }
    }
  },
};
