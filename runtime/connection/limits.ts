/**
 * Per-connection and per-node limits on sizes, counts and times ({@link ClusterLimits}), their
 * defaults per wire version and their validation.
 */
import { ClusterError } from "../core/errors.ts";
import { resolveMaxFrameBytes, type WireVersion } from "../wire/framer.ts";

/** Size, count and time limits. All optional; see {@link resolveLimits} for the defaults. */
export interface ClusterLimits {
  /** Largest `len` (bytes after the length prefix) sent or accepted; default 65535 (0.7.0) / 128 MiB (0.7.1). */
  readonly maxFrameBytes?: number;
  /**
   * A frame whose `len` (header + body, without the length prefix: what silly 0.7.1 compares with its
   * softlimit) exceeds this is sent with a warning; default 65535.
   */
  readonly softFrameBytes?: number;
  /** Calls in flight per connection before new calls reject `too-many-pending`; default 65536. */
  readonly maxPendingCalls?: number;
  /**
   * Requests and one-way messages being handled at once per connection (handlers that have not
   * finished, or been abandoned at their handler timeout); at the limit the node stops reading from
   * that connection until one finishes, so TCP pushes back on the sender and nothing is dropped.
   * Default 1024.
   */
  readonly maxConcurrentRequests?: number;
  /** Accepted connections per listener; more are closed at once; default 10000. */
  readonly maxConnections?: number;
  /** Outgoing bytes queued per connection while the socket is congested before `queue-full`; default 16 MiB. */
  readonly maxQueueBytes?: number;
  /** Closes a connection that received and sent nothing for this many ms; 0 (default) disables. */
  readonly idleTimeout?: number;
  /** Closes a connection holding an incomplete frame for this many ms; default 30000; 0 disables. */
  readonly partialFrameTimeout?: number;
  /**
   * Bytes all connections of the node together may hold for incomplete incoming frames; a connection whose
   * partial frame pushes the total over it is closed. Default max(256 MiB, 2 × maxFrameBytes).
   */
  readonly maxBufferedBytes?: number;
}

/** Limits with every default applied. */
export type ResolvedLimits = { readonly [K in keyof ClusterLimits]-?: number };

function positiveInt(name: string, value: number): void {
  if (!(Number.isInteger(value) && value > 0))
    throw new ClusterError("invalid-argument", `${name} must be a positive integer, got ${String(value)}`);
}

function nonNegative(name: string, value: number): void {
  if (!(typeof value === "number" && value >= 0 && !Number.isNaN(value))) {
    throw new ClusterError("invalid-argument", `${name} must be a number >= 0, got ${String(value)}`);
  }
}

/** Applies the limit defaults for a wire version and validates them (throws `invalid-argument`). */
export function resolveLimits(wire: WireVersion, limits: ClusterLimits = {}): ResolvedLimits {
  const maxFrameBytes = resolveMaxFrameBytes(wire, limits.maxFrameBytes);
  const resolved: ResolvedLimits = {
    maxFrameBytes,
    softFrameBytes: limits.softFrameBytes ?? 65535,
    maxPendingCalls: limits.maxPendingCalls ?? 65536,
    maxConcurrentRequests: limits.maxConcurrentRequests ?? 1024,
    maxConnections: limits.maxConnections ?? 10000,
    maxQueueBytes: limits.maxQueueBytes ?? 16 * 1024 * 1024,
    idleTimeout: limits.idleTimeout ?? 0,
    partialFrameTimeout: limits.partialFrameTimeout ?? 30000,
    maxBufferedBytes: limits.maxBufferedBytes ?? Math.max(256 * 1024 * 1024, 2 * maxFrameBytes),
  };
  positiveInt("limits.softFrameBytes", resolved.softFrameBytes);
  positiveInt("limits.maxPendingCalls", resolved.maxPendingCalls);
  positiveInt("limits.maxConcurrentRequests", resolved.maxConcurrentRequests);
  positiveInt("limits.maxConnections", resolved.maxConnections);
  positiveInt("limits.maxQueueBytes", resolved.maxQueueBytes);
  positiveInt("limits.maxBufferedBytes", resolved.maxBufferedBytes);
  nonNegative("limits.idleTimeout", resolved.idleTimeout);
  nonNegative("limits.partialFrameTimeout", resolved.partialFrameTimeout);
  return resolved;
}
