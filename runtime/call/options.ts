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
  /**
   * The request is safe to run twice: a call by service name may then be retried on another member
   * after `timeout` or `closed` (within `timeout`, under the target's retry budget). Set for the
   * methods a schema marks `[idempotent]`; raw calls may set it by hand.
   */
  readonly idempotent?: boolean;
}

const IDEMPOTENT: CallOptions = Object.freeze({ idempotent: true });

/** The options a call of an `[idempotent]` method is made with: `opts` with `idempotent` set (others: `opts` as given). */
export function methodCallOptions(idempotent: boolean | undefined, opts: CallOptions | undefined): CallOptions | undefined {
  if (idempotent !== true || opts?.idempotent === true) return opts;
  return opts == null ? IDEMPOTENT : { ...opts, idempotent: true };
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
  const idempotent = opts.idempotent;
  if (idempotent != null && typeof idempotent !== "boolean") return invalid(`idempotent must be a boolean, got ${describe(idempotent)}`);
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
