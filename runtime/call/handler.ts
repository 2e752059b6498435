/**
 * What a request handler is and sees: the raw handler type and its {@link CallContext}
 * (implemented by request-context.ts, extended for interceptors by interceptor.ts).
 */
import type { Peer } from "../connection/peer.ts";

/** What a request handler learns about the request. */
export interface CallContext {
  /** The peer the request came from (reply-capable: call it back through this peer). */
  readonly peer: Peer;
  /** Wire command number. */
  readonly cmd: number;
  /** The request's trace id (also the current trace inside the handler). */
  readonly traceId: bigint;
  /** The request's session id. */
  readonly session: number;
  /**
   * Aborts when the request's connection closes (peer gone, `close()`, `shutdown()`; reason: a
   * `closed` ClusterError) or the handler timeout passes (reason: a `timeout` ClusterError).
   * Made on first read: a handler that never reads it pays nothing for it.
   */
  readonly signal: AbortSignal;
}

/** A raw request handler: body bytes in, response bytes (or undefined: no response) out. */
export type RawHandler = (body: Uint8Array, ctx: CallContext) => Uint8Array | undefined | Promise<Uint8Array | undefined>;
