/**
 * Counting call outcomes in fault-injection tests: started, settled, and failures by code.
 */
import { isClusterError } from "../../../runtime/index.ts";

/** Codes a call may fail with when its server is killed, restarted or stalls. */
export const FAULT_CODES: ReadonlySet<string> = new Set(["closed", "peer-closed", "connect-failed", "timeout"]);

/** Outcome counters. */
export interface CallTally {
  /** Calls started. */
  started: number;
  /** Calls that resolved. */
  resolved: number;
  /** Rejections by code ("non-cluster-error" for anything else). */
  readonly rejected: Map<string, number>;
  /** Calls not yet settled. */
  readonly unsettled: number;
  /** Tracks one call. */
  track<T>(call: Promise<T>): Promise<T | undefined>;
}

/** Creates a tally. */
export function createCallTally(): CallTally {
  const rejected = new Map<string, number>();
  const tally = {
    started: 0,
    resolved: 0,
    rejected,
    get unsettled(): number {
      let failed = 0;
      for (const n of rejected.values()) failed += n;
      return tally.started - tally.resolved - failed;
    },
    track<T>(call: Promise<T>): Promise<T | undefined> {
      tally.started++;
      return call.then(
        (value) => {
          tally.resolved++;
          return value;
        },
        (error: unknown) => {
          const code = isClusterError(error) ? error.code : "non-cluster-error";
          rejected.set(code, (rejected.get(code) ?? 0) + 1);
          return undefined;
        },
      );
    },
  };
  return tally;
}

/** Active handles/requests by type (sockets, timers, …), for leak checks. */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Resource types whose count grew since `baseline`. */
export function grownResources(baseline: Map<string, number>): string[] {
  const grown: string[] = [];
  for (const [type, n] of activeResources()) {
    if (n > (baseline.get(type) ?? 0)) grown.push(`${type}: ${baseline.get(type) ?? 0} -> ${n}`);
  }
  return grown;
}
