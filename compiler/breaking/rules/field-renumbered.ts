/**
 * `field-renumbered` (wire): a field kept its name but moved to another tag. The wire knows
 * fields only by tag, so the other version reads its value at the old tag — as another field,
 * or not at all (an unknown tag stops the struct).
 */
import { fieldLabel } from "../describe.ts";
import type { FieldModel } from "../../model/schema-model.ts";
import { forEachReadEvent, newVersion, otherVersion } from "../read-events.ts";
import type { BreakingRule } from "../rule.ts";

/** Reports fields whose tag changed, when the other version then misreads or drops data. */
export const fieldRenumbered: BreakingRule = {
  code: "field-renumbered",
  levels: ["wire"],
  summary: "a field moved to another tag: the other version reads it as another field or stops there",
  run(ctx) {
    forEachReadEvent(ctx, ({ event, pair, direction }) => {
      let moved: FieldModel[] = [];
      if (event.kind === "stop" && otherVersion(pair, event.writer) !== undefined) moved = [event.writer];
      // Both fields of a misread may have moved (a swap): each is reported.
      if (event.kind === "misread" && !event.same)
        moved = [event.writer, event.reader].filter(
          (f) => otherVersion(pair, f)?.tag !== undefined && otherVersion(pair, f)?.tag !== f.tag,
        );
      for (const f of moved) {
        const neu = newVersion(pair, f);
        const old = neu === undefined ? undefined : otherVersion(pair, neu);
        if (neu === undefined || old === undefined) continue;
        ctx.report({
          level: "wire",
          directions: [direction],
          message:
            `field '${neu.name}' of struct '${pair.neu.qualifiedName}' moved from tag ${old.tag} to tag ${neu.tag}: the other ` +
            `version reads its value at the old tag (as another field, or stops decoding there); keep ${fieldLabel(old)}`,
          loc: neu.loc,
        });
      }
    });
  },
};
