/**
 * "Did you mean …?" for a misspelled name: the candidates closest to it by edit distance
 * (insertions, deletions, substitutions and swaps of neighbours, ignoring case), within a third
 * of its length (at least one edit), nearest first.
 */
import { editDistance } from "../diagnostics/edit-distance.ts";

/** Up to `max` candidates close to `name`, nearest first (ties in candidate order). */
export function didYouMean(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  const scored: Array<{ candidate: string; distance: number; order: number }> = [];
  let order = 0;
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= limit) scored.push({ candidate, distance, order: order++ });
  }
  scored.sort((a, b) => a.distance - b.distance || a.order - b.order);
  return scored.slice(0, max).map((s) => s.candidate);
}
