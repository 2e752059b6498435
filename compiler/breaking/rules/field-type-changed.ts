/**
 * `field-type-changed` (wire): the same field (same tag) declared with another type. The
 * reader reads the writer's bytes with its own type: another value of the same size
 * (`int32` ↔ `uint32` ↔ `float`, `string` ↔ `blob`, another struct), or the wrong number of
 * bytes, which misreads every later field. Spellings of one type (`integer` and `int32`,
 * `byte[]` and `string`) are no change.
 */
import { typeLabel } from "../describe.ts";
import { fieldsAfter, forEachFieldMismatch } from "../read-events.ts";
import type { BreakingRule } from "../rule.ts";

/** Reports fields whose element type changed. */
export const fieldTypeChanged: BreakingRule = {
  code: "field-type-changed",
  levels: ["wire"],
  summary: "a field's type changed on the same tag: the other version reads its bytes as another type",
  run(ctx) {
    forEachFieldMismatch(ctx, "type", ({ neu, old, aligned, pair, direction }) => {
      const effect = aligned
        ? "the other version reads its bytes as the other type (a wrong value)"
        : `its size on the wire changed, so the other version misreads it${fieldsAfter(pair, neu)}`;
      ctx.report({
        level: "wire",
        directions: [direction],
        message:
          `field '${neu.name}' (tag ${neu.tag}) of struct '${pair.neu.qualifiedName}' changed type from ${typeLabel(old)} to ` +
          `${typeLabel(neu)}: ${effect}; add a new field instead`,
        loc: neu.loc,
      });
    });
  },
};
