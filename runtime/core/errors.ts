/**
 * The one error class of the cluster runtime, with a closed set of codes.
 */

/** Every code a {@link ClusterError} can carry. Tests and callers key on these, never on message text. */
export const CLUSTER_ERROR_CODES = [
  "timeout",
  "closed",
  "peer-closed",
  "frame-too-large",
  "connect-failed",
  "listen-failed",
  "aborted",
  "queue-full",
  "too-many-pending",
  "protocol",
  "refused",
  "marshal-failed",
  "invalid-argument",
  "node-closed",
  "internal",
] as const;

/** A code from {@link CLUSTER_ERROR_CODES}. */
export type ClusterErrorCode = (typeof CLUSTER_ERROR_CODES)[number];

/** Options for {@link ClusterError}. */
export interface ClusterErrorOptions {
  /** The peer address the failure concerns, if any (also appended to the message). */
  readonly peer?: string;
  /** The underlying failure. */
  readonly cause?: unknown;
}

/** The error every runtime failure rejects with. */
export class ClusterError extends Error {
  /** Machine-readable failure code. */
  readonly code: ClusterErrorCode;
  /** The peer address concerned, when known. */
  readonly peer: string | undefined;
  /** The message without the code prefix and peer suffix. */
  readonly detail: string;

  /** Creates an error; the message names the peer when one is given. */
  constructor(code: ClusterErrorCode, message: string, options: ClusterErrorOptions = {}) {
    const text = options.peer !== undefined ? `${message} (peer ${options.peer})` : message;
    super(`[${code}] ${text}`, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = "ClusterError";
    this.code = code;
    this.peer = options.peer;
    this.detail = message;
  }

  /** This error naming `peer` (itself when it already names a peer). */
  withPeer(peer: string): ClusterError {
    if (this.peer !== undefined) return this;
    return new ClusterError(this.code, this.detail, { peer, cause: this.cause });
  }

  /** Turns anything caught into a ClusterError (existing ones pass through; others become `internal`). */
  static from(reason: unknown, fallback: ClusterErrorCode = "internal"): ClusterError {
    if (reason instanceof ClusterError) return reason;
    if (reason instanceof Error) {
      if (reason.name === "AbortError") return new ClusterError("aborted", reason.message, { cause: reason });
      return new ClusterError(fallback, reason.message, { cause: reason });
    }
    return new ClusterError(fallback, String(reason), { cause: reason });
  }
}

/** True when `value` is a ClusterError, optionally with the given code. */
export function isClusterError(value: unknown, code?: ClusterErrorCode): value is ClusterError {
  return value instanceof ClusterError && (code === undefined || value.code === code);
}
