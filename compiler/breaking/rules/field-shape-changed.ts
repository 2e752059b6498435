/**
 * `field-shape-changed` (wire): a field turned from a single value into an array or map or
 * back (the reader reads a count where a value is, or the reverse: every later field is
 * misread), or from an array into a map: a map keeps one element per key, so repeated
 * elements written as an array collapse. A map read as an array loses nothing.
 */
import { typeLabel } from "../describe.ts";
import { fieldsAfter, forEachFieldMismatch } from "../read-events.ts";
import type { BreakingRule } from "../rule.ts";

/** Reports fields whose single/array/map shape changed. */
export const fieldShapeChanged: BreakingRule = {
  code: "field-shape-changed",
  levels: ["wire"],
  summary: "a field changed between single value, array and map: misread, or repeated elements collapse into a map",
  run(ctx) {
    forEachFieldMismatch(ctx, "shape", ({ neu, old, aligned, pair, direction }) => {
      const effect = aligned
        ? "a map keeps one element per key, so elements of the array that share a key collapse into one"
        : `the other version reads a count where a value is (or the reverse), misreading it${fieldsAfter(pair, neu)}`;
      ctx.report({
        level: "wire",
        directions: [direction],
        message: `field '${neu.name}' (tag ${neu.tag}) of struct '${pair.neu.qualifiedName}' changed from ${typeLabel(old)} to ${typeLabel(neu)}: ${effect}`,
        loc: neu.loc,
      });
    });
  },
};
