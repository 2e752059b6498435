/**
 * `protocol-tag-changed` (wire): a top-level struct kept its name but its protocol tag — the
 * `cmd` on the wire — changed or was dropped. Old nodes send and serve the old cmd, new ones
 * the new: calls between them are not served (or, worse, reach another method).
 */
import { hexTag } from "../describe.ts";
import type { BreakingRule } from "../rule.ts";

/** Reports changed or removed protocol tags. */
export const protocolTagChanged: BreakingRule = {
  code: "protocol-tag-changed",
  levels: ["wire"],
  summary: "a struct's protocol tag (its cmd) changed or was removed: old and new nodes call different cmds",
  run(ctx) {
    for (const file of ctx.files) {
      for (const [old, neu] of file.structs.pairs) {
        if (old.parent !== undefined || old.protocolTag === 0 || old.protocolTag === neu.protocolTag) continue;
        const methods = file.old.services.flatMap((s) =>
          s.methods.filter((m) => m.request === old.qualifiedName).map((m) => `'${s.name}.${m.name}'`),
        );
        const use = methods.length > 0 ? `method ${methods.join(", ")} is called` : "nodes send and dispatch it";
        const now = neu.protocolTag === 0 ? "was removed" : `changed to ${hexTag(neu.protocolTag)}`;
        ctx.report({
          level: "wire",
          directions: ["new-to-old", "old-to-new"],
          message:
            `the protocol tag ${hexTag(old.protocolTag)} of struct '${neu.qualifiedName}' ${now}: ${use} by that cmd, ` +
            `so old and new nodes no longer reach each other's handlers`,
          loc: neu.loc,
        });
      }
    }
  },
};
