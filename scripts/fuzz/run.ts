/**
 * Runs fuzz targets for a time budget (split evenly), in batches with fresh seeds, counting cases.
 * Used by `npm run fuzz -- --seconds N`.
 */
import type { FuzzTarget } from "./target.ts";

/** Cases run and failures of one target. */
export interface FuzzTally {
  /** Target name. */
  readonly name: string;
  /** Cases run. */
  runs: number;
  /** Batches run. */
  batches: number;
  /** The first failure's report, if any. */
  failure?: string;
}

/** Options for {@link runFuzz}. */
export interface RunFuzzOptions {
  /** The targets. */
  readonly targets: readonly FuzzTarget[];
  /** Total budget in seconds, split evenly between the targets. */
  readonly seconds: number;
  /** First seed; default derived from the clock. */
  readonly seed?: number;
  /** Cases per batch; default 200. */
  readonly batch?: number;
  /** Progress callback after each target. */
  readonly onTarget?: (tally: FuzzTally) => void;
}

/** Runs every target for its share of the budget; stops a target at its first failure. */
export function runFuzz(options: RunFuzzOptions): FuzzTally[] {
  const share = (options.seconds * 1000) / Math.max(1, options.targets.length);
  const batch = options.batch ?? 200;
  let seed = options.seed ?? Date.now() % 0x7fffffff;
  const tallies: FuzzTally[] = [];
  for (const target of options.targets) {
    const tally: FuzzTally = { name: target.name, runs: 0, batches: 0 };
    const end = Date.now() + share;
    do {
      const result = target.run(batch, seed++);
      tally.runs += result.runs;
      tally.batches++;
      if (result.failure !== undefined) {
        tally.failure = result.failure;
        break;
      }
    } while (Date.now() < end);
    tallies.push(tally);
    options.onTarget?.(tally);
  }
  return tallies;
}
