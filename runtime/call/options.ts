/**
 * Validation of per-call options ({@link CallOptions}), held to the same rules as the node's
 * options: a `timeout` is a number >= 0 (Infinity allowed, like the node-level `timeout`; 0 and
 * Infinity mean none), a `signal` is an AbortSignal; either may be undefined or null (absent, as
 * a null node option is). Only run when a caller passes options, so calls without them pay nothing.
 */
import { ClusterError } from "../core/errors.ts";

/** Per-call options. */
export interface CallOptions {
  /** Timeout in ms (covers a reconnect too); default the node's `timeout`; 0 = none. */
  readonly timeout?: number;
  /** Cancels the call (rejects `aborted`). */
  readonly signal?: AbortSignal;
}

/** The `invalid-argument` error for per-call options that break the rules, or undefined when they are fine. */
export function callOptionsError(opts: CallOptions): ClusterError | undefined {
  if (typeof opts !== "object") return invalid(`call options must be an object, got ${typeof opts}`);
  const timeout = opts.timeout;
  // `!(timeout >= 0)` is also true for NaN.
  if (timeout != null && (typeof timeout !== "number" || !(timeout >= 0))) {
    return invalid(`timeout must be a number >= 0, got ${describe(timeout)}`);
  }
  const signal = opts.signal;
  if (signal != null && !(signal instanceof AbortSignal)) {
    return invalid(`signal must be an AbortSignal, got ${describe(signal)}`);
  }
  return undefined;
}

function invalid(message: string): ClusterError {
  return new ClusterError("invalid-argument", message);
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  return typeof value;
}
