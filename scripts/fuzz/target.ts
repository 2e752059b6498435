/**
 * The shape shared by every fuzz target: a named fast-check property that can be run for a
 * number of cases with a seed, by the bounded test suite and by `npm run fuzz`.
 */
import fc from "fast-check";

/** The outcome of one batch of cases. */
export interface FuzzBatch {
  /** Cases run. */
  readonly runs: number;
  /** Set when the property failed: fast-check's report (seed, path, counterexample). */
  readonly failure?: string;
}

/** A fuzz target. */
export interface FuzzTarget {
  /** Stable name, printed with the case counts. */
  readonly name: string;
  /** Runs `numRuns` cases from `seed`. */
  run(numRuns: number, seed: number): FuzzBatch;
}

/** Wraps a property as a {@link FuzzTarget}. */
export function createFuzzTarget<Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IProperty<Ts>): FuzzTarget {
  return {
    name,
    run(numRuns, seed) {
      const details = fc.check(property, { numRuns, seed, endOnFailure: false });
      if (!details.failed) return { runs: details.numRuns };
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      const counterexample = fc.stringify(details.counterexample).slice(0, 2000);
      return {
        runs: details.numRuns,
        failure: `${name}: ${error}\nseed ${details.seed}, path "${details.counterexamplePath ?? ""}"\ncounterexample: ${counterexample}`,
      };
    },
  };
}
