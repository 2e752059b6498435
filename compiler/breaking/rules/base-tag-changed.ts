/**
 * `base-tag-changed` (wire): the struct's lowest field tag changed (a field added below it, or
 * the lowest field removed or renumbered). zproto sends each tag as a delta from the
 * sender's lowest declared tag and adds the receiver's own, so every tag lands shifted by
 * the difference: fields are misread as others, or decoding stops.
 */
import { forEachReadEvent } from "../read-events.ts";
import type { BreakingRule } from "../rule.ts";

/** Reports a struct whose lowest tag differs between the versions, when that loses data. */
export const baseTagChanged: BreakingRule = {
  code: "base-tag-changed",
  levels: ["wire"],
  summary: "the lowest field tag of a struct changed: every tag lands shifted on the other side",
  run(ctx) {
    forEachReadEvent(ctx, ({ event, pair, direction }) => {
      if (event.kind !== "shift") return;
      const [oldBase, newBase] = direction === "new-to-old" ? [event.readerBase, event.writerBase] : [event.writerBase, event.readerBase];
      const first = pair.neu.fields[0];
      ctx.report({
        level: "wire",
        directions: [direction],
        message:
          `the lowest field tag of struct '${pair.neu.qualifiedName}' changed from ${oldBase} to ${newBase}: zproto sends tags ` +
          `relative to the sender's lowest tag, so the other version reads every field at a tag shifted by ${newBase - oldBase} ` +
          `(misreading or dropping it); keep the lowest field`,
        loc: first?.loc ?? pair.neu.loc,
      });
    });
  },
};
