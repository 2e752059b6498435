/**
 * Request dispatch: runs the handler for a request inside its trace context and writes the
 * response (if any). Handler failures are logged; the wire has no error frame.
 */
import { isUint8Array } from "./bytes.ts";
import type { Connection, PackedBodyEncoder } from "./connection.ts";
import { ClusterError } from "./errors.ts";
import type { RequestFrame } from "./framing.ts";
import type { Logger } from "./logger.ts";
import type { ClusterOptions } from "./options.ts";
import type { PeerImpl } from "./peer.ts";
import { currentTraceId, runWithTraceRef, traceIdOf, type TraceRef } from "./trace.ts";
import type { CallContext, RawHandler } from "./types.ts";

/** Options for {@link createDispatcher}. */
export interface DispatcherOptions {
  /** Raw handlers by cmd. */
  readonly handlers: ReadonlyMap<number, RawHandler>;
  /** The user's options (call, marshal, unmarshal). */
  readonly options: ClusterOptions;
  /** Logger. */
  readonly logger: Logger;
}

/**
 * What a generated service method's raw handler carries as its `typed` property, so that the
 * node can run it without intermediate bytes: the request decoded straight from the received
 * chunk, the response packed straight into the connection's output buffer. Behaves exactly like
 * calling the raw handler.
 */
export interface TypedMethod {
  /** Decodes the packed request body `bytes[start, end)`. */
  readonly request: { decodePackedRange(bytes: Uint8Array, start: number, end: number): unknown };
  /** Encodes the response (undefined for a one-way method). */
  readonly response: (PackedBodyEncoder<unknown> & { encodePacked(value: unknown): Uint8Array }) | undefined;
  /** The user's implementation. */
  readonly impl: (request: never, ctx: CallContext) => unknown;
}

/** A raw handler that may carry its {@link TypedMethod}. */
type MaybeTypedHandler = RawHandler & { readonly typed?: TypedMethod };

/** Handles one request frame arriving on a connection. */
export type Dispatcher = (conn: Connection, frame: RequestFrame) => void;

interface Thenable {
  then(onOk: (value: unknown) => void, onErr: (error: unknown) => void): unknown;
}

function isThenable(value: unknown): value is Thenable {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/**
 * The context of one request; it is also the request's trace store (the bigint trace id is
 * made only when read, and then kept).
 */
class RequestContext implements CallContext, TraceRef {
  readonly peer: PeerImpl;
  readonly cmd: number;
  readonly session: number;
  readonly traceLo: number;
  readonly traceHi: number;
  /** The request frame (for the dispatcher). */
  readonly frame: RequestFrame;
  private id: bigint | undefined = undefined;

  constructor(peer: PeerImpl, frame: RequestFrame) {
    this.peer = peer;
    this.cmd = frame.cmd;
    this.session = frame.session;
    this.traceLo = frame.traceLo;
    this.traceHi = frame.traceHi;
    this.frame = frame;
  }

  get traceId(): bigint {
    let id = this.id;
    if (id === undefined) this.id = id = traceIdOf(this.traceLo, this.traceHi);
    return id;
  }
}

/** Creates the dispatcher of a node. */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { handlers, logger } = options;
  const { call, marshal, unmarshal } = options.options;

  const fail = (conn: Connection, cmd: number, what: string, error: unknown, traceId?: bigint): void => {
    logger.error(what, { peer: conn.peer, cmd, traceId: traceId ?? currentTraceId(), error: ClusterError.from(error) });
  };

  const finish = (conn: Connection, session: number, cmd: number, value: unknown, marshalled: boolean): void => {
    if (value === undefined) return;
    let bytes: Uint8Array;
    if (marshalled && marshal !== undefined) {
      try {
        bytes = marshal("response", cmd, value)[1];
      } catch (error) {
        fail(conn, cmd, "marshal of response failed, no response sent", error);
        return;
      }
    } else if (isUint8Array(value)) {
      bytes = value;
    } else {
      fail(conn, cmd, "handler result is not a Uint8Array, no response sent", new TypeError(typeof value));
      return;
    }
    if (conn.closed) {
      logger.debug("response dropped: connection closed", { peer: conn.peer, cmd, session });
      return;
    }
    try {
      conn.respond(session, bytes);
    } catch (error) {
      fail(conn, cmd, "response not sent", error);
    }
  };

  /** Sends a typed method's response (packed straight into the output buffer). */
  const sendTyped = (
    conn: Connection,
    ctx: RequestContext,
    response: NonNullable<TypedMethod["response"]>,
    value: unknown,
  ): void => {
    const cmd = ctx.cmd;
    if (conn.closed) {
      // Encoded anyway, so that a response that does not encode is reported as it is on the raw path.
      try {
        response.encodePacked(value);
      } catch (error) {
        fail(conn, cmd, "handler failed, no response sent", error, ctx.traceId);
        return;
      }
      logger.debug("response dropped: connection closed", { peer: conn.peer, cmd, session: ctx.session });
      return;
    }
    let end: number;
    try {
      end = conn.packResponse(response, value);
    } catch (error) {
      fail(conn, cmd, "handler failed, no response sent", error, ctx.traceId);
      return;
    }
    try {
      conn.commitResponse(ctx.session, end);
    } catch (error) {
      fail(conn, cmd, "response not sent", error, ctx.traceId);
    }
  };

  /** Runs a typed method: what its raw handler and {@link finish} would do, without the intermediate bytes. */
  const runTyped = (conn: Connection, ctx: RequestContext, typed: TypedMethod, bytes: Buffer, start: number, end: number): void => {
    let out: unknown;
    try {
      out = typed.impl(typed.request.decodePackedRange(bytes, start, end) as never, ctx);
    } catch (error) {
      fail(conn, ctx.cmd, "handler failed, no response sent", error);
      return;
    }
    const response = typed.response;
    if (isThenable(out)) {
      Promise.resolve(out).then(
        (value) => {
          if (response !== undefined) sendTyped(conn, ctx, response, value);
        },
        (error) => fail(conn, ctx.cmd, "handler failed, no response sent", error, ctx.traceId),
      );
    } else if (response !== undefined) {
      sendTyped(conn, ctx, response, out);
    }
  };

  const run = (conn: Connection, ctx: RequestContext): void => {
    const cmd = ctx.cmd;
    const session = ctx.session;
    const peer = ctx.peer;
    const raw = handlers.get(cmd) as MaybeTypedHandler | undefined;
    let result: unknown;
    let marshalled = false;
    try {
      if (raw !== undefined) {
        const typed = raw.typed;
        const frame = ctx.frame;
        const bytes = frame.bytes;
        if (typed !== undefined && bytes !== undefined) {
          runTyped(conn, ctx, typed, bytes, frame.bodyStart as number, frame.bodyEnd as number);
          return;
        }
        result = raw(frame.body, ctx);
      } else if (call !== undefined) {
        marshalled = true;
        const body = ctx.frame.body;
        let value: unknown = body;
        if (unmarshal !== undefined) {
          try {
            value = unmarshal("request", cmd, body);
          } catch (error) {
            fail(conn, cmd, "unmarshal of request failed, no response sent", error);
            return;
          }
        }
        result = call(peer, cmd, value, ctx);
      } else {
        logger.warn("no handler for cmd, request dropped", { peer: conn.peer, cmd });
        return;
      }
    } catch (error) {
      fail(conn, cmd, "handler failed, no response sent", error);
      return;
    }
    if (isThenable(result)) {
      result.then(
        (value) => finish(conn, session, cmd, value, marshalled),
        (error) => fail(conn, cmd, "handler failed, no response sent", error, ctx.traceId),
      );
    } else {
      finish(conn, session, cmd, result, marshalled);
    }
  };

  return (conn, frame) => {
    const ctx = new RequestContext(conn.owner as PeerImpl, frame);
    runWithTraceRef(ctx, run, conn, ctx);
  };
}
