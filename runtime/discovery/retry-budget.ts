/**
 * The retry budget of a service target: how many retries of idempotent calls (after `timeout` or
 * `closed`) it may make, as a token bucket in the manner of gRPC's retry throttling. The bucket
 * starts full; every failed attempt that could be retried takes a token, every successful call
 * gives back `tokenRatio`; a retry is made only while more than half the tokens are left. A storm of
 * failures so stops retrying after a handful, and normal traffic brings the retries back.
 */
import { ClusterError } from "../core/errors.ts";

/** Options of the retry budget (`node.service(name, { retryBudget })`). */
export interface RetryBudgetOptions {
  /** Tokens in a full bucket; default 10. */
  readonly maxTokens?: number;
  /** Tokens a successful idempotent call gives back; default 0.1. */
  readonly tokenRatio?: number;
}

/** A token bucket deciding whether one more retry may be made. */
export class RetryBudget {
  private tokens: number;
  private readonly max: number;
  private readonly ratio: number;

  /** A full bucket; throws `invalid-argument` for options out of range. */
  constructor(options: RetryBudgetOptions = {}) {
    const max = options.maxTokens ?? 10;
    const ratio = options.tokenRatio ?? 0.1;
    if (!(max > 0) || !Number.isFinite(max))
      throw new ClusterError("invalid-argument", `retryBudget.maxTokens must be a finite number > 0, got ${String(max)}`);
    if (!(ratio > 0) || !Number.isFinite(ratio))
      throw new ClusterError("invalid-argument", `retryBudget.tokenRatio must be a finite number > 0, got ${String(ratio)}`);
    this.max = max;
    this.ratio = ratio;
    this.tokens = max;
  }

  /** Tokens left (for tests and `members()`-style inspection). */
  get left(): number {
    return this.tokens;
  }

  /** An attempt failed in a way a retry could fix: takes a token; true when a retry may be made. */
  failed(): boolean {
    this.tokens = Math.max(0, this.tokens - 1);
    return this.tokens > this.max / 2;
  }

  /** A call succeeded: gives back a share of a token. */
  succeeded(): void {
    this.tokens = Math.min(this.max, this.tokens + this.ratio);
  }
}

/** The budget of a target: undefined for `false` (retries after timeouts are then unbounded by a budget, only by `retries`). */
export function resolveRetryBudget(options: RetryBudgetOptions | false | undefined): RetryBudget | undefined {
  return options === false ? undefined : new RetryBudget(options ?? {});
}

/**
 * The timeout of one attempt of an idempotent call with `remaining` ms of its total left and
 * `attemptsLeft` attempts it may still make (this one included): `attemptTimeout` when given, else
 * an equal share; the last attempt gets all that remains.
 */
export function attemptShare(remaining: number, attemptsLeft: number, attemptTimeout: number | undefined): number {
  if (attemptsLeft <= 1) return remaining;
  return Math.min(remaining, attemptTimeout ?? remaining / attemptsLeft);
}
