/**
 * `struct-removed`: a top-level struct the new version no longer has (not even renamed on
 * its protocol tag). On the wire (level wire) when it has a protocol tag but no service uses
 * it: old nodes that send it by that cmd directly (silly's Lua nodes, `node.send` with the
 * cmd) reach no handler on new nodes. Otherwise only code using the generated type breaks (level source);
 * a removed method's request is `method-removed`'s.
 */
import { hexTag } from "../describe.ts";
import type { BreakingRule } from "../rule.ts";

/** Reports top-level structs removed. */
export const structRemoved: BreakingRule = {
  code: "struct-removed",
  levels: ["wire", "source"],
  summary: "a top-level struct removed: its cmd is gone (wire, when it has a protocol tag and no service uses it) or its type (source)",
  run(ctx) {
    for (const file of ctx.files) {
      const inServices = new Set(file.old.services.flatMap((s) => s.methods.flatMap((m) => [m.request, m.response ?? ""])));
      for (const s of file.old.structs) {
        if (s.parent !== undefined || file.structs.newOf(s) !== undefined) continue;
        const wire = s.protocolTag !== 0 && !inServices.has(s.qualifiedName);
        ctx.report({
          level: wire ? "wire" : "source",
          directions: wire ? ["old-to-new"] : [],
          message: wire
            ? `struct '${s.name}' (protocol tag ${hexTag(s.protocolTag)}) was removed: old nodes still send it by cmd ` +
              `${hexTag(s.protocolTag)} and new nodes have no handler for it`
            : `struct '${s.name}' was removed`,
          loc: s.loc,
        });
      }
    }
  },
};
