/**
 * Outlier ejection for service targets, after Envoy's `consecutive_5xx`/`base_ejection_time` and
 * gRPC's xDS outlier detection: a member whose calls time out `consecutiveTimeouts` times in a row
 * (no response in between) leaves the rotation for an ejection period that doubles with each
 * ejection in a row, up to `maxEjectionTime`. When the period is over, the member is on trial: the
 * next call with a timeout goes to it alone; a response puts it back in rotation (and forgets its
 * ejections), a timeout ejects it again for twice as long. Never more than `maxEjectedShare` of a
 * target's members are out for timeouts at once, so one caller with a bad link can't empty a service.
 */
import { ClusterError } from "../core/errors.ts";

/** Outlier ejection settings of a service target (`node.service(name, { outlier })`). */
export interface OutlierOptions {
  /** Calls timed out in a row (no response in between) that eject a member; default 5; 0 turns ejection off. */
  readonly consecutiveTimeouts?: number;
  /** The first ejection period, in ms; default 1000. */
  readonly baseEjectionTime?: number;
  /** The longest ejection period, in ms; default 5000 (or `baseEjectionTime` when that is longer). */
  readonly maxEjectionTime?: number;
  /** The largest share (0..1) of the members that may be out for timeouts at once; default 0.5. */
  readonly maxEjectedShare?: number;
}

/** {@link OutlierOptions} with defaults applied. */
export interface OutlierPolicy {
  /** See OutlierOptions (0: off). */
  readonly consecutiveTimeouts: number;
  /** See OutlierOptions. */
  readonly baseEjectionTime: number;
  /** See OutlierOptions. */
  readonly maxEjectionTime: number;
  /** See OutlierOptions. */
  readonly maxEjectedShare: number;
}

/** Applies the defaults and checks the options (`false`: ejection off); throws `invalid-argument`. */
export function resolveOutlierOptions(options: OutlierOptions | false | undefined): OutlierPolicy {
  const o = options === false ? { consecutiveTimeouts: 0 } : (options ?? {});
  if (typeof o !== "object" || o === null) throw new ClusterError("invalid-argument", "outlier must be an object or false");
  const base = o.baseEjectionTime ?? 1000;
  const policy: OutlierPolicy = {
    consecutiveTimeouts: o.consecutiveTimeouts ?? 5,
    baseEjectionTime: base,
    maxEjectionTime: o.maxEjectionTime ?? (typeof base === "number" && base > 5000 ? base : 5000),
    maxEjectedShare: o.maxEjectedShare ?? 0.5,
  };
  const { consecutiveTimeouts, baseEjectionTime, maxEjectionTime, maxEjectedShare } = policy;
  if (!Number.isInteger(consecutiveTimeouts) || consecutiveTimeouts < 0) {
    throw new ClusterError("invalid-argument", `outlier.consecutiveTimeouts must be an integer >= 0, got ${String(consecutiveTimeouts)}`);
  }
  if (!(baseEjectionTime > 0) || !Number.isFinite(baseEjectionTime)) {
    throw new ClusterError("invalid-argument", `outlier.baseEjectionTime must be a finite number > 0, got ${String(baseEjectionTime)}`);
  }
  if (!(maxEjectionTime >= baseEjectionTime) || !Number.isFinite(maxEjectionTime)) {
    throw new ClusterError(
      "invalid-argument",
      `outlier.maxEjectionTime must be finite and >= baseEjectionTime, got ${String(maxEjectionTime)}`,
    );
  }
  if (!(maxEjectedShare >= 0 && maxEjectedShare <= 1)) {
    throw new ClusterError("invalid-argument", `outlier.maxEjectedShare must be in 0..1, got ${String(maxEjectedShare)}`);
  }
  return policy;
}

/** The ejection period after `ejections` ejections in a row (1 for the first): doubling from the base, capped. */
export function ejectionPeriod(policy: OutlierPolicy, ejections: number): number {
  return Math.min(policy.maxEjectionTime, policy.baseEjectionTime * 2 ** Math.min(30, Math.max(0, ejections - 1)));
}

/** Keeps, per member, its ejections in a row and the timer of its ejection period. */
export class OutlierDetector<M extends object> {
  /** The settings. */
  readonly policy: OutlierPolicy;
  /** Ejections in a row of the members out for timeouts (or on trial after it). */
  private readonly out = new Map<M, number>();
  private readonly timers = new Map<M, NodeJS.Timeout>();
  private readonly periodOver: (member: M) => void;

  /** `periodOver` runs when a member's ejection period ends (it is then due for a trial call). */
  constructor(policy: OutlierPolicy, periodOver: (member: M) => void) {
    this.policy = policy;
    this.periodOver = periodOver;
  }

  /** Members out for timeouts (ejected or on trial). */
  get ejected(): number {
    return this.out.size;
  }

  /** True when `member` is out for timeouts (ejected or on trial). */
  isOut(member: M): boolean {
    return this.out.has(member);
  }

  /** True when `inRow` calls timed out in a row is enough to eject a member. */
  isOutlier(inRow: number): boolean {
    const n = this.policy.consecutiveTimeouts;
    return n > 0 && inRow >= n;
  }

  /** True when one more member out of `total` may be ejected without passing `maxEjectedShare`. */
  mayEject(member: M, total: number): boolean {
    if (this.out.has(member)) return true;
    return this.out.size + 1 <= Math.floor(total * this.policy.maxEjectedShare + 1e-9);
  }

  /** Ejects `member` (once more in a row); returns its ejection period in ms. */
  eject(member: M): number {
    const ejections = (this.out.get(member) ?? 0) + 1;
    this.out.set(member, ejections);
    const period = ejectionPeriod(this.policy, ejections);
    this.clearTimer(member);
    const timer = setTimeout(() => {
      this.timers.delete(member);
      if (this.out.has(member)) this.periodOver(member);
    }, period);
    timer.unref();
    this.timers.set(member, timer);
    return period;
  }

  /** Forgets `member`'s ejections (it answered, reconnected, or left). */
  forget(member: M): void {
    this.out.delete(member);
    this.clearTimer(member);
  }

  /** Stops every timer. */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.out.clear();
  }

  private clearTimer(member: M): void {
    const timer = this.timers.get(member);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.timers.delete(member);
    }
  }
}
