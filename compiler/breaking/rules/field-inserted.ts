/**
 * `field-inserted` (wire): a new field whose tag is below an existing one. Old readers do not
 * know its tag and stop decoding the struct there, silently dropping every later field.
 * A new field is safe only above every tag the struct had.
 */
import { fieldLabel, fieldList } from "../describe.ts";
import { forEachReadEvent, otherVersion } from "../read-events.ts";
import type { BreakingRule } from "../rule.ts";

/** Reports new fields that make old readers stop early. */
export const fieldInserted: BreakingRule = {
  code: "field-inserted",
  levels: ["wire"],
  summary: "a new field below an existing tag: old readers stop there and drop the later fields",
  run(ctx) {
    forEachReadEvent(ctx, ({ event, pair, direction }) => {
      if (event.kind !== "stop" || direction !== "new-to-old" || otherVersion(pair, event.writer) !== undefined) return;
      const top = Math.max(...pair.old.fields.map((f) => f.tag));
      ctx.report({
        level: "wire",
        directions: [direction],
        message:
          `new field ${fieldLabel(event.writer)} of struct '${pair.neu.qualifiedName}' is below existing tags: old readers stop ` +
          `decoding '${pair.old.qualifiedName}' at tag ${event.writer.tag} and drop ${fieldList(event.lost)}; ` +
          `give it a tag above ${top}`,
        loc: event.writer.loc,
      });
    });
  },
};
