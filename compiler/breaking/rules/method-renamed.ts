/**
 * `method-renamed` (source): a method's request struct has a new name on the same protocol
 * tag, so the method (named after its request) has a new name. Nodes still agree on its cmd,
 * but code calling `client.oldName(…)` no longer compiles. (Descriptors carry the schema
 * name, so logs and metrics change name too.)
 */
import { hexTag } from "../describe.ts";
import { memberName } from "../../naming/ts-names.ts";
import type { BreakingRule } from "../rule.ts";
import { forEachMatchedMethod } from "../services.ts";

/** Reports methods renamed on the same cmd. */
export const methodRenamed: BreakingRule = {
  code: "method-renamed",
  levels: ["source"],
  summary: "a method renamed (same cmd): safe on the wire, breaks code calling or serving it by name",
  run(ctx) {
    forEachMatchedMethod(ctx, ({ cmd, old: { method: old }, neu: { method: neu } }) => {
      if (memberName(neu.name, ctx.naming) === memberName(old.name, ctx.naming)) return;
      ctx.report({
        level: "source",
        directions: [],
        message: `method '${old.name}' (cmd ${hexTag(cmd)}) was renamed to '${neu.name}'`,
        loc: neu.loc,
      });
    });
  },
};
