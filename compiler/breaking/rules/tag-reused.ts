/**
 * `tag-reused` (wire): a tag that belonged to one field now belongs to another field of
 * another type (the old one removed, the new one given its tag). Each version reads the
 * other's value as its own field: a wrong value, or — sizes differing — every later field
 * misread too.
 */
import { typeLabel } from "../describe.ts";
import { forEachReadEvent, isNewField, fieldsAfter, movedField } from "../read-events.ts";
import type { BreakingRule } from "../rule.ts";

/** Reports tags given to a different field. */
export const tagReused: BreakingRule = {
  code: "tag-reused",
  levels: ["wire"],
  summary: "a tag now belongs to another field: each version reads the other's value as its own field",
  run(ctx) {
    forEachReadEvent(ctx, ({ event, pair, direction }) => {
      if (event.kind !== "misread" || event.same || movedField(pair, event.writer, event.reader) !== undefined) return;
      const [old, neu] = isNewField(pair, event.writer) ? [event.reader, event.writer] : [event.writer, event.reader];
      const after = fieldsAfter(pair, neu);
      const sizes = event.aligned || after === "" ? "" : `; their sizes differ, so the other version misreads it${after}`;
      ctx.report({
        level: "wire",
        directions: [direction],
        message:
          `tag ${neu.tag} of struct '${pair.neu.qualifiedName}' was field '${old.name}' (${typeLabel(old)}) and is now field ` +
          `'${neu.name}' (${typeLabel(neu)}): each version reads the other's value as its own field${sizes}; use a new tag`,
        loc: neu.loc,
      });
    });
  },
};
