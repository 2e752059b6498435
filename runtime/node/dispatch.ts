/**
 * Request dispatch: runs the handler for a request inside its trace context and writes the
 * response (if any). Handler failures are logged — with the peer, the method name (typed
 * methods) or cmd, the trace id in hex and the error as it was thrown — and no response is sent:
 * the wire has no error frame. A handler that returns a promise and outlives its handler timeout
 * is abandoned: its signal aborts, a warning is logged, and its result is dropped.
 *
 * A method that declares `[errors]` (its handler carries an {@link ErrorAnswer}) is answered
 * instead: a thrown `RemoteError` with its code and message in the response's status fields, any
 * other failure (logged as before) with code -1, and so is a handler abandoned at its handler
 * timeout (code -1, "handler timed out after N ms") — so its caller learns at once.
 */
import { isUint8Array } from "../core/bytes.ts";
import type { Connection, PackedBodyEncoder } from "../connection/connection.ts";
import { now, type TimerWheel } from "../core/deadline.ts";
import type { RequestFrame } from "../wire/framer.ts";
import type { Logger } from "../core/logger.ts";
import type { ClusterOptions } from "./cluster-options.ts";
import type { PeerImpl } from "../connection/peer.ts";
import { RequestContext, type HandlingTally } from "../call/request-context.ts";
import { formatTraceId, runWithTraceRef } from "../core/trace.ts";
import type { CallContext, RawHandler } from "../call/handler.ts";
import { IDLE_PROBE_CMD } from "../connection/idle-probe.ts";
import { REMOTE_INTERNAL, RemoteError } from "../core/remote-error.ts";

const EMPTY_BODY = new Uint8Array(0);

/** Options for {@link createDispatcher}. */
export interface DispatcherOptions {
  /** Raw handlers by cmd. */
  readonly handlers: ReadonlyMap<number, RawHandler>;
  /** The user's options (call, marshal, unmarshal). */
  readonly options: ClusterOptions;
  /** Logger. */
  readonly logger: Logger;
  /** The node's timer wheel (handler timeouts). */
  readonly wheel: TimerWheel;
  /** Default handler timeout in ms (0: none); a handler's own `handlerTimeout` property overrides it. */
  readonly handlerTimeout: number;
  /** `options.call` as the node wraps it (interceptors, metrics); default `options.options.call`. */
  readonly call?: ClusterOptions["call"];
  /** Counts the requests being handled (for `drain()`). */
  readonly tally?: HandlingTally;
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

/** Carried by the handler of a method that declares errors: how a failure is answered. */
export interface ErrorAnswer {
  /** The response value standing for `error` (its status fields set). */
  status(error: unknown): unknown;
  /** Encodes that response. */
  readonly response: NonNullable<TypedMethod["response"]>;
  /** True when `error` is one the handler answered with on purpose (a RemoteError): not logged as a failure. */
  deliberate(error: unknown): boolean;
}

/**
 * A raw handler that may carry its {@link TypedMethod}, its own handler timeout (ms, 0: none) and
 * the name its failures are logged under (`service/method`, set by the server glue of typed methods).
 */
type MaybeTypedHandler = RawHandler & {
  readonly typed?: TypedMethod;
  readonly handlerTimeout?: number;
  readonly method?: string;
  readonly errorAnswer?: ErrorAnswer;
};

/** The log fields naming a request: peer, method (when known), cmd and trace id (16 hex digits). */
function requestFields(ctx: RequestContext): Record<string, unknown> {
  const method = (ctx.handler as MaybeTypedHandler | undefined)?.method;
  return {
    peer: ctx.conn.peer,
    ...(method !== undefined ? { method } : {}),
    cmd: ctx.cmd,
    traceId: formatTraceId(ctx.traceId),
  };
}

/** Handles one request frame arriving on a connection. */
export type Dispatcher = (conn: Connection, frame: RequestFrame) => void;

interface Thenable {
  then(onOk: (value: unknown) => void, onErr: (error: unknown) => void): unknown;
}

/** True for a promise or promise-like; a `then` getter that throws makes it not one (the throw stays here). */
function isThenable(value: unknown): value is Thenable {
  if (typeof value !== "object" || value === null) return false;
  try {
    return typeof (value as { then?: unknown }).then === "function";
  } catch {
    return false;
  }
}

/** Creates the dispatcher of a node. */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { handlers, logger, wheel, tally } = options;
  const { marshal, unmarshal } = options.options;
  const call = options.call ?? options.options.call;
  const nodeTimeout = options.handlerTimeout;

  /**
   * A handler outlived its timeout: abandoned. A method that declares errors answers its caller at
   * once with code -1 (naming the timeout); the others send nothing (the caller waits out its own timeout).
   */
  const abandoned = (ctx: RequestContext, timeout: number): void => {
    const answer = (ctx.handler as MaybeTypedHandler | undefined)?.errorAnswer;
    if (answer === undefined) {
      logger.warn("handler timed out, abandoned, no response sent", { ...requestFields(ctx), timeout });
      return;
    }
    logger.warn("handler timed out, abandoned, answered with code -1", { ...requestFields(ctx), timeout });
    const status = answer.status(new RemoteError(REMOTE_INTERNAL, `handler timed out after ${timeout} ms`));
    sendTyped(ctx.conn, ctx, answer.response, status);
  };
  /** Starts the handler timeout of a request whose handler returned a promise. */
  const watch = (ctx: RequestContext, handler: MaybeTypedHandler | undefined): void => {
    const timeout = handler?.handlerTimeout ?? nodeTimeout;
    if (timeout > 0) ctx.startTimeout(wheel, now(), timeout, abandoned);
  };
  /** The handler finished: true when it had been abandoned (its result is dropped). */
  const ended = (ctx: RequestContext): boolean => {
    if (!ctx.end()) return false;
    logger.debug("result of an abandoned handler dropped", { peer: ctx.conn.peer, cmd: ctx.cmd, session: ctx.session });
    return true;
  };

  /** Logs a failed request: the error as it was thrown (a user's error is not relabelled). */
  const fail = (ctx: RequestContext, what: string, error: unknown): void => {
    logger.error(what, { ...requestFields(ctx), error });
  };

  /**
   * A handler failed: answered in the status fields when its method declares errors (a failure
   * that is not a RemoteError is logged too), else logged with no response, as the wire has no error frame.
   */
  const failed = (conn: Connection, ctx: RequestContext, error: unknown): void => {
    const answer = (ctx.handler as MaybeTypedHandler | undefined)?.errorAnswer;
    if (answer === undefined) {
      fail(ctx, "handler failed, no response sent", error);
      return;
    }
    if (!answer.deliberate(error)) fail(ctx, "handler failed, answered with code -1", error);
    sendTyped(conn, ctx, answer.response, answer.status(error));
  };

  const finish = (conn: Connection, ctx: RequestContext, value: unknown, marshalled: boolean): void => {
    if (value === undefined) return;
    const cmd = ctx.cmd;
    let bytes: Uint8Array;
    if (marshalled && marshal !== undefined) {
      try {
        bytes = marshal("response", cmd, value)[1];
      } catch (error) {
        fail(ctx, "marshal of response failed, no response sent", error);
        return;
      }
    } else if (isUint8Array(value)) {
      bytes = value;
    } else {
      fail(ctx, "handler result is not a Uint8Array, no response sent", new TypeError(`the handler returned ${typeof value}`));
      return;
    }
    if (conn.closed) {
      logger.debug("response dropped: connection closed", { peer: conn.peer, cmd, session: ctx.session });
      return;
    }
    try {
      conn.respond(ctx.session, bytes);
    } catch (error) {
      fail(ctx, "response not sent", error);
    }
  };

  /** Sends a typed method's response (packed straight into the output buffer). */
  const sendTyped = (conn: Connection, ctx: RequestContext, response: NonNullable<TypedMethod["response"]>, value: unknown): void => {
    const cmd = ctx.cmd;
    if (conn.closed) {
      // Encoded anyway, so that a response that does not encode is reported as it is on the raw path.
      try {
        response.encodePacked(value);
      } catch (error) {
        fail(ctx, "handler failed, no response sent", error);
        return;
      }
      logger.debug("response dropped: connection closed", { peer: conn.peer, cmd, session: ctx.session });
      return;
    }
    let end: number;
    try {
      end = conn.packResponse(response, value);
    } catch (error) {
      fail(ctx, "handler failed, no response sent", error);
      return;
    }
    try {
      conn.commitResponse(ctx.session, end);
    } catch (error) {
      fail(ctx, "response not sent", error);
    }
  };

  /** Runs a typed method: what its raw handler and {@link finish} would do, without the intermediate bytes. */
  const runTyped = (
    conn: Connection,
    ctx: RequestContext,
    handler: MaybeTypedHandler,
    typed: TypedMethod,
    bytes: Buffer,
    start: number,
    end: number,
  ): void => {
    let out: unknown;
    try {
      out = typed.impl(typed.request.decodePackedRange(bytes, start, end) as never, ctx);
    } catch (error) {
      ctx.end();
      failed(conn, ctx, error);
      return;
    }
    const response = typed.response;
    if (isThenable(out)) {
      watch(ctx, handler);
      Promise.resolve(out).then(
        (value) => {
          if (!ended(ctx) && response !== undefined) sendTyped(conn, ctx, response, value);
        },
        (error) => {
          if (!ended(ctx)) failed(conn, ctx, error);
        },
      );
      return;
    }
    ctx.end();
    if (response !== undefined) sendTyped(conn, ctx, response, out);
  };

  const run = (conn: Connection, ctx: RequestContext): void => {
    const cmd = ctx.cmd;
    const peer = ctx.peer;
    const raw = handlers.get(cmd) as MaybeTypedHandler | undefined;
    let result: unknown;
    let marshalled = false;
    try {
      if (raw !== undefined) {
        ctx.handler = raw;
        const typed = raw.typed;
        const frame = ctx.frame;
        const bytes = frame.bytes;
        if (typed !== undefined && bytes !== undefined) {
          runTyped(conn, ctx, raw, typed, bytes, frame.bodyStart as number, frame.bodyEnd as number);
          return;
        }
        result = raw(frame.body, ctx);
      } else if (cmd === IDLE_PROBE_CMD) {
        // Another clusterc node's idle probe (see idle-probe.ts): any answer will do.
        ctx.end();
        conn.respond(ctx.session, EMPTY_BODY);
        return;
      } else if (call !== undefined) {
        marshalled = true;
        const body = ctx.frame.body;
        let value: unknown = body;
        if (unmarshal !== undefined) {
          try {
            value = unmarshal("request", cmd, body);
          } catch (error) {
            ctx.end();
            fail(ctx, "unmarshal of request failed, no response sent", error);
            return;
          }
        }
        result = call(peer, cmd, value, ctx);
      } else {
        ctx.end();
        logger.warn("no handler for cmd, request dropped", requestFields(ctx));
        return;
      }
    } catch (error) {
      ctx.end();
      failed(conn, ctx, error);
      return;
    }
    if (isThenable(result)) {
      watch(ctx, raw);
      // Adopted, not called: a thenable whose then() throws rejects here instead of throwing into the socket's callback.
      Promise.resolve(result).then(
        (value) => {
          if (!ended(ctx)) finish(conn, ctx, value, marshalled);
        },
        (error) => {
          if (!ended(ctx)) failed(conn, ctx, error);
        },
      );
    } else {
      ctx.end();
      finish(conn, ctx, result, marshalled);
    }
  };

  return (conn, frame) => {
    const ctx = new RequestContext(conn.owner as PeerImpl, conn, frame, tally);
    runWithTraceRef(ctx, run, conn, ctx);
  };
}
