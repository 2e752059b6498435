/**
 * `struct-renamed` (source): a top-level struct with a new name on the same protocol tag.
 * Nodes still agree (the wire knows it by its tag, and its fields are compared as usual),
 * but code using the generated type (`SlowAdd`) no longer compiles.
 */
import { hexTag } from "../describe.ts";
import { structTypeName } from "../../naming/ts-names.ts";
import type { BreakingRule } from "../rule.ts";

/** Reports messages renamed on the same protocol tag. */
export const structRenamed: BreakingRule = {
  code: "struct-renamed",
  levels: ["source"],
  summary: "a message renamed (same protocol tag): safe on the wire, breaks code using the generated type",
  run(ctx) {
    for (const file of ctx.files) {
      for (const [old, neu] of file.structs.pairs) {
        if (structTypeName(old.qualifiedName) === structTypeName(neu.qualifiedName)) continue;
        ctx.report({
          level: "source",
          directions: [],
          message: `struct '${old.qualifiedName}' (protocol tag ${hexTag(neu.protocolTag)}) was renamed to '${neu.qualifiedName}'`,
          loc: neu.loc,
        });
      }
    }
  },
};
