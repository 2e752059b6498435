/**
 * `map-key-changed` (wire): a map field keyed by another field of its elements. The bytes are
 * the same (a map is an array of elements), but a reader keeps one element per key: elements
 * that the writer's key told apart but that share the reader's key collapse into one.
 */
import { forEachFieldMismatch } from "../read-events.ts";
import type { BreakingRule } from "../rule.ts";

/** Reports map fields whose key changed. */
export const mapKeyChanged: BreakingRule = {
  code: "map-key-changed",
  levels: ["wire"],
  summary: "a map's key changed: elements that share the new key collapse into one",
  run(ctx) {
    forEachFieldMismatch(ctx, "map-key", ({ neu, old, pair, direction }) => {
      ctx.report({
        level: "wire",
        directions: [direction],
        message:
          `the key of map field '${neu.name}' (tag ${neu.tag}) of struct '${pair.neu.qualifiedName}' changed from '${old.mapKey ?? ""}' ` +
          `to '${neu.mapKey ?? ""}': a reader keeps one element per key, so elements that share a key of the other version collapse into one`,
        loc: neu.loc,
      });
    });
  },
};
