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
import { currentTraceId, runWithTrace } from "./trace.ts";
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

  const run = (conn: Connection, frame: RequestFrame): void => {
    const cmd = frame.cmd;
    const session = frame.session;
    const peer = conn.owner as PeerImpl;
    const ctx: CallContext = { peer, cmd, traceId: frame.traceId, session };
    const raw = handlers.get(cmd);
    let result: unknown;
    let marshalled = false;
    try {
      if (raw !== undefined) {
        result = raw(frame.body, ctx);
      } else if (call !== undefined) {
        marshalled = true;
        let body: unknown = frame.body;
        if (unmarshal !== undefined) {
          try {
            body = unmarshal("request", cmd, frame.body);
          } catch (error) {
            fail(conn, cmd, "unmarshal of request failed, no response sent", error);
            return;
          }
        }
        result = call(peer, cmd, body, ctx);
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
        (error) => fail(conn, cmd, "handler failed, no response sent", error, frame.traceId),
      );
    } else {
      finish(conn, session, cmd, result, marshalled);
    }
  };

  return (conn, frame) => runWithTrace(frame.traceId, run, conn, frame);
}
