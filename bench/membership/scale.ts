/** What the membership part measures (shared by its parent and child). */

/** One caller run: N members of `calc` in one registry. */
export interface ScaleConfig {
  readonly n: number;
  readonly registry: "static" | "etcd";
  /** etcd's client URL (registry "etcd"). */
  readonly etcdUrl?: string;
  /** "127.0.0.1:port" of the calc server every member record points at. */
  readonly addr: string;
  /** Members added and removed one at a time, each timed. */
  readonly changes: number;
  /** Registry changes per second during the churn round. */
  readonly changesPerSec: number;
  readonly warmupMs: number;
  /** Length of the steady round and of the churn round. */
  readonly callMs: number;
}

/** What one balancer's target measured. */
export interface BalancerScale {
  readonly id: string;
  /** From `node.service()` to the first member list in rotation, ms. */
  readonly firstListMs: number;
  /** From `node.service()` to every member connected (by the warm-up's calls), ms; not with key-hash (its few keys connect few members). */
  readonly connectedMs?: number;
  /** Median time from a registry change to the target's event for it, µs. */
  readonly addUs: number;
  readonly removeUs: number;
  /** Calls/s at 256 in flight, steady and during churn. */
  readonly callsPerSec: number;
  readonly churnCallsPerSec: number;
  /** Changes made during the churn round. */
  readonly churnChanges: number;
  /** Event-loop delay, ms: steady and during churn. */
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
  readonly churnLoopP99Ms: number;
  readonly churnLoopMaxMs: number;
}

/** One caller run's result. */
export interface ScaleResult {
  readonly n: number;
  readonly registry: "static" | "etcd";
  /** Caller heap / RSS per member (key-hash target, after a forced GC), bytes. */
  readonly heapPerMember?: number;
  readonly rssPerMember?: number;
  readonly balancers: readonly BalancerScale[];
}

/** The outcome for one N and registry. */
export interface MembershipRun {
  readonly n: number;
  readonly registry: "static" | "etcd";
  readonly status: "ok" | "unavailable" | "failed";
  readonly error?: string;
  readonly result?: ScaleResult;
}

/** What the part measured. */
export interface MembershipResult {
  readonly changesPerSec: number;
  readonly callMs: number;
  readonly runs: readonly MembershipRun[];
}

/**
 * How a figure grows from n1 to n2: the exponent k of f ∝ N^k (0: constant, 1: linear; log N
 * shows as a small k that shrinks as N grows).
 */
export function growthExponent(n1: number, f1: number | undefined, n2: number, f2: number | undefined): number | undefined {
  if (f1 === undefined || f2 === undefined || !(f1 > 0) || !(f2 > 0) || n1 === n2) return undefined;
  return Math.log(f2 / f1) / Math.log(n2 / n1);
}
