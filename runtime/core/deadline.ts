/**
 * Deadlines: one coarse timer wheel per node for call timeouts (instead of a timer per call),
 * and a helper that bounds a promise by a timeout and an AbortSignal (used on slow paths only).
 */
import { performance } from "node:perf_hooks";
import { ClusterError } from "./errors.ts";

/** Something the wheel can expire. */
export interface TimedEntry {
  /** Absolute deadline on the `performance.now()` clock, in ms. */
  deadline: number;
  /** The bucket the entry sits in (managed by the wheel; null when not scheduled). */
  bucket: Set<TimedEntry> | null;
  /** Called once when the deadline has passed and the entry is still scheduled. */
  expire(): void;
}

/** A coarse timer wheel: entries expire at most `resolution` ms after their deadline, never before. */
export interface TimerWheel {
  /** Schedules an entry (its `deadline` must be set). */
  add(entry: TimedEntry): void;
  /** Unschedules an entry; a no-op when it is not scheduled. */
  remove(entry: TimedEntry): void;
  /** Number of scheduled entries. */
  readonly size: number;
  /** Stops the wheel's timer; scheduled entries are dropped without expiring. */
  close(): void;
}

/** Options for {@link createTimerWheel}. */
export interface TimerWheelOptions {
  /** Granularity in ms (default 10). */
  readonly resolution?: number;
}

/** The monotonic clock used for deadlines. */
export function now(): number {
  return performance.now();
}

/** Creates a timer wheel whose single interval timer runs only while entries are scheduled. */
export function createTimerWheel(options: TimerWheelOptions = {}): TimerWheel {
  return new Wheel(options.resolution ?? 10);
}

class Wheel implements TimerWheel {
  private readonly resolution: number;
  private readonly buckets = new Map<number, Set<TimedEntry>>();
  private count = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(resolution: number) {
    if (!(resolution > 0)) throw new ClusterError("invalid-argument", `timer resolution must be > 0, got ${resolution}`);
    this.resolution = resolution;
  }

  get size(): number {
    return this.count;
  }

  add(entry: TimedEntry): void {
    const slot = Math.ceil(entry.deadline / this.resolution);
    let bucket = this.buckets.get(slot);
    if (bucket === undefined) {
      bucket = new Set();
      this.buckets.set(slot, bucket);
    }
    bucket.add(entry);
    entry.bucket = bucket;
    this.count++;
    if (this.timer === null) this.timer = setInterval(() => this.tick(), this.resolution);
  }

  remove(entry: TimedEntry): void {
    const bucket = entry.bucket;
    if (bucket === null) return;
    entry.bucket = null;
    if (bucket.delete(entry)) this.count--;
  }

  close(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    for (const bucket of this.buckets.values()) for (const entry of bucket) entry.bucket = null;
    this.buckets.clear();
    this.count = 0;
  }

  private tick(): void {
    const t = now();
    const current = Math.floor(t / this.resolution);
    for (const [slot, bucket] of this.buckets) {
      if (bucket.size === 0) {
        this.buckets.delete(slot);
        continue;
      }
      if (slot > current) continue;
      this.buckets.delete(slot);
      for (const entry of bucket) {
        if (entry.bucket !== bucket) continue;
        if (entry.deadline > t) {
          // Rounding put it in an early slot: reschedule.
          entry.bucket = null;
          this.count--;
          this.add(entry);
          continue;
        }
        entry.bucket = null;
        this.count--;
        entry.expire();
      }
    }
    if (this.count === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
      this.buckets.clear();
    }
  }
}

/** Options for {@link withDeadline}. */
export interface DeadlineOptions {
  /** Milliseconds before rejecting with `timeout`; 0 or Infinity for none. */
  readonly timeout: number;
  /** Rejects with `aborted` when it fires. */
  readonly signal?: AbortSignal | undefined;
  /** Peer address for error messages. */
  readonly peer: string;
  /** What is being waited for, for the timeout message. */
  readonly what: string;
}

/** The longest delay `setTimeout` honours (about 24.8 days); a longer one would fire after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Races `promise` against a timeout and an abort signal (one setTimeout; meant for slow paths).
 * A timeout beyond what `setTimeout` can hold (about 24.8 days) is no timeout here.
 */
export function withDeadline<T>(promise: Promise<T>, options: DeadlineOptions): Promise<T> {
  const { timeout, signal, peer, what } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal, peer));
  const timed = timeout > 0 && timeout <= MAX_TIMER_MS;
  if (!timed && signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      cleanup();
      reject(abortError(signal, peer));
    };
    const cleanup = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    if (timed) {
      timer = setTimeout(() => {
        cleanup();
        reject(new ClusterError("timeout", `${what} timed out after ${timeout} ms`, { peer }));
      }, timeout);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}

/** The `aborted` error for a fired signal (its reason becomes the cause). */
export function abortError(signal: AbortSignal | undefined, peer: string): ClusterError {
  return new ClusterError("aborted", "call aborted", { peer, cause: signal?.reason });
}
