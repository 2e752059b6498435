/**
 * Request dispatch: runs the handler for a request inside its trace context and writes the
 * response (if any). Handler failures are logged; the wire has no error frame.
 */
import { isUint8Array } from "./bytes.ts";
import type { Connection } from "./connection.ts";
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
  /** The request body (for the dispatcher). */
  readonly body: Uint8Array;
  private id: bigint | undefined = undefined;

  constructor(peer: PeerImpl, frame: RequestFrame) {
    this.peer = peer;
    this.cmd = frame.cmd;
    this.session = frame.session;
    this.traceLo = frame.traceLo;
    this.traceHi = frame.traceHi;
    this.body = frame.body;
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

  const run = (conn: Connection, ctx: RequestContext): void => {
    const body = ctx.body;
    const cmd = ctx.cmd;
    const session = ctx.session;
    const peer = ctx.peer;
    const raw = handlers.get(cmd);
    let result: unknown;
    let marshalled = false;
    try {
      if (raw !== undefined) {
        result = raw(body, ctx);
      } else if (call !== undefined) {
        marshalled = true;
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
