/**
 * `field-removed`: a field the new version no longer declares. On the wire (level wire) when
 * old writers still send it below other fields: new readers stop at its unknown tag and drop
 * the rest. Otherwise (the last field) only code using the generated property breaks
 * (level source). The lowest field's removal is `base-tag-changed`.
 */
import { fieldLabel, fieldList } from "../describe.ts";
import { forEachReadEvent, otherVersion } from "../read-events.ts";
import type { BreakingRule } from "../rule.ts";
import type { FieldModel } from "../../model/schema-model.ts";

/** Reports fields removed, at wire level when that makes new readers stop early. */
export const fieldRemoved: BreakingRule = {
  code: "field-removed",
  levels: ["wire", "source"],
  summary: "a field removed: new readers stop at its tag and drop later fields (wire), or code using it breaks (source)",
  run(ctx) {
    const onWire = new Set<FieldModel>();
    forEachReadEvent(ctx, ({ event, pair, direction }) => {
      // The lowest field's removal shifts every tag: `base-tag-changed` reports it.
      const lowest = pair.old.fields[0];
      if (event.kind === "shift" && lowest !== undefined && pair.fields.newOf(lowest) === undefined) onWire.add(lowest);
      if (event.kind !== "stop" || direction !== "old-to-new" || otherVersion(pair, event.writer) !== undefined) return;
      onWire.add(event.writer);
      ctx.report({
        level: "wire",
        directions: [direction],
        message:
          `field ${fieldLabel(event.writer)} of struct '${pair.old.qualifiedName}' was removed, but old nodes still send it: ` +
          `new readers stop decoding '${pair.neu.qualifiedName}' at tag ${event.writer.tag} and drop ${fieldList(event.lost)}; ` +
          `keep the field declared (unused) instead`,
        loc: event.writer.loc,
      });
    });
    for (const file of ctx.files) {
      for (const pair of file.pairs) {
        for (const f of pair.old.fields) {
          // A tag now held by another field is `tag-reused`'s (or a rename's).
          if (pair.fields.newOf(f) !== undefined || onWire.has(f) || pair.neu.fields.some((n) => n.tag === f.tag)) continue;
          ctx.report({
            level: "source",
            directions: [],
            message: `field ${fieldLabel(f)} of struct '${pair.old.qualifiedName}' was removed`,
            loc: f.loc,
          });
        }
      }
    }
  },
};
