/**
 * Reconnect backoff: exponential growth, capped, with random jitter.
 */
import { ClusterError } from "./errors.ts";

/** Backoff settings (all optional). */
export interface BackoffOptions {
  /** Delay after the first failed attempt, ms (default 100). */
  readonly initialDelay?: number;
  /** Upper bound of the delay, ms (default 5000). */
  readonly maxDelay?: number;
  /** Growth factor per failure (default 2). */
  readonly factor?: number;
  /** Fraction of the delay randomised, 0..1 (default 0.2: delay × [0.8, 1.2], still capped). */
  readonly jitter?: number;
  /** Random source in [0, 1) (default Math.random); a seam for tests. */
  readonly random?: () => number;
}

/** A backoff sequence. */
export interface Backoff {
  /** The delay to wait after one more failure, ms. */
  next(): number;
  /** Forgets the failures (after a success). */
  reset(): void;
  /** Consecutive failures so far. */
  readonly failures: number;
}

/** Validates backoff options, throwing `invalid-argument`. */
export function validateBackoff(options: BackoffOptions): void {
  const { initialDelay = 100, maxDelay = 5000, factor = 2, jitter = 0.2 } = options;
  if (!(initialDelay >= 0) || !(maxDelay >= initialDelay) || !(factor >= 1) || !(jitter >= 0 && jitter <= 1)) {
    throw new ClusterError("invalid-argument", `bad reconnect options: need 0 <= initialDelay <= maxDelay, factor >= 1, 0 <= jitter <= 1`);
  }
}

/** Creates an exponential backoff with jitter. */
export function createBackoff(options: BackoffOptions = {}): Backoff {
  validateBackoff(options);
  const { initialDelay = 100, maxDelay = 5000, factor = 2, jitter = 0.2, random = Math.random } = options;
  let failures = 0;
  return {
    next(): number {
      const base = Math.min(maxDelay, initialDelay * factor ** failures);
      failures++;
      const spread = base * jitter * (2 * random() - 1);
      return Math.max(0, Math.min(maxDelay, Math.round(base + spread)));
    },
    reset(): void {
      failures = 0;
    },
    get failures(): number {
      return failures;
    },
  };
}
