/**
 * The context of one request being handled: what the handler and server interceptors see
 * (`ctx`), the request's trace store, and its cancellation.
 *
 * `ctx.signal` aborts when the request's connection closes (the peer went away, or the node
 * closed it: `close(peer)`, a listener closed, `shutdown()`), or when the handler timeout passes.
 * Its AbortController is made only when `signal` is read, and only then is the request tracked by
 * its connection; a request whose handler never reads it costs nothing more.
 */
import type { Connection } from "../connection/connection.ts";
import type { TimedEntry, TimerWheel } from "../core/deadline.ts";
import { ClusterError } from "../core/errors.ts";
import type { RequestFrame } from "../wire/framer.ts";
import type { ServerCallContext } from "./interceptor.ts";
import type { PeerImpl } from "../connection/peer.ts";
import type { MethodDescriptor } from "./descriptor.ts";
import type { RawHandler } from "./handler.ts";
import { traceIdOf, type TraceRef } from "../core/trace.ts";

const RUNNING = 0;
const DONE = 1;
const ABANDONED = 2;

/** Counts a node's requests whose handler is running (for `drain()`): one shared, mutable counter. */
export interface HandlingTally {
  /** Requests constructed and not yet ended or abandoned. */
  running: number;
}

/** Requests of each connection whose `signal` was read and that are still running. */
const tracked = new WeakMap<Connection, Set<RequestContext>>();

/** The handler timeout of one request (a timer-wheel entry, made only for handlers that return a promise). */
class HandlerDeadline implements TimedEntry {
  deadline: number;
  bucket: Set<TimedEntry> | null = null;
  readonly wheel: TimerWheel;
  private readonly ctx: RequestContext;
  private readonly onExpire: (ctx: RequestContext, timeout: number) => void;
  private readonly timeout: number;

  constructor(
    ctx: RequestContext,
    wheel: TimerWheel,
    at: number,
    timeout: number,
    onExpire: (ctx: RequestContext, timeout: number) => void,
  ) {
    this.ctx = ctx;
    this.wheel = wheel;
    this.deadline = at + timeout;
    this.timeout = timeout;
    this.onExpire = onExpire;
    wheel.add(this);
  }

  expire(): void {
    if (this.ctx.abandon(this.timeout)) this.onExpire(this.ctx, this.timeout);
  }
}

/**
 * The context of one request (internal class; handlers see {@link ServerCallContext}). It is
 * also the request's trace store: the bigint trace id is made only when read, and then kept.
 */
export class RequestContext implements ServerCallContext, TraceRef {
  readonly peer: PeerImpl;
  readonly cmd: number;
  readonly session: number;
  readonly traceLo: number;
  readonly traceHi: number;
  /** The request frame (for the dispatcher). */
  readonly frame: RequestFrame;
  /** The connection the request came on. */
  readonly conn: Connection;
  /** Set by the server glue of typed methods when interceptors or metrics run. */
  method: MethodDescriptor | undefined = undefined;
  /** Set by the server glue of typed methods when interceptors or metrics run. */
  service: string | undefined = undefined;
  /** The handler registered for the cmd, once the dispatcher found it (its failures are logged under its name). */
  handler: RawHandler | undefined = undefined;
  /** The server interceptors whose next() this request went through, a bit per level (see interceptor.ts). */
  nextCalls = 0;
  private id: bigint | undefined = undefined;
  private controller: AbortController | null = null;
  private timer: HandlerDeadline | null = null;
  private state = RUNNING;
  private readonly tally: HandlingTally | undefined;

  /** The context of `frame`, arrived on `conn` from `peer`; counted in `tally` while running. */
  constructor(peer: PeerImpl, conn: Connection, frame: RequestFrame, tally?: HandlingTally) {
    this.peer = peer;
    this.conn = conn;
    this.cmd = frame.cmd;
    this.session = frame.session;
    this.traceLo = frame.traceLo;
    this.traceHi = frame.traceHi;
    this.frame = frame;
    this.tally = tally;
    if (tally !== undefined) tally.running++;
    conn.requestStarted();
  }

  /** Always "server". */
  get side(): "server" {
    return "server";
  }

  /** See {@link ServerCallContext}. */
  get traceId(): bigint {
    let id = this.id;
    if (id === undefined) this.id = id = traceIdOf(this.traceLo, this.traceHi);
    return id;
  }

  /**
   * Aborts when the connection closes (reason: a `closed` ClusterError) or the handler timeout
   * passes (reason: a `timeout` ClusterError). Already aborted when read after either.
   */
  get signal(): AbortSignal {
    let c = this.controller;
    if (c !== null) return c.signal;
    c = this.controller = new AbortController();
    if (this.state === ABANDONED) {
      c.abort(new ClusterError("timeout", "handler timed out", { peer: this.peer.address }));
    } else if (this.conn.closed) {
      c.abort(new ClusterError("closed", "connection closed", { peer: this.peer.address }));
    } else if (this.state === RUNNING) {
      let set = tracked.get(this.conn);
      if (set === undefined) {
        set = new Set();
        tracked.set(this.conn, set);
      }
      set.add(this);
    }
    return c.signal;
  }

  /** True once the handler timeout passed (its result is dropped). */
  get abandoned(): boolean {
    return this.state === ABANDONED;
  }

  /**
   * Starts the handler timeout (`timeout` ms from `at`, on `wheel`); `onExpire` runs once if it
   * passes while the request is still running.
   */
  startTimeout(wheel: TimerWheel, at: number, timeout: number, onExpire: (ctx: RequestContext, timeout: number) => void): void {
    if (this.state === RUNNING && this.timer === null) this.timer = new HandlerDeadline(this, wheel, at, timeout, onExpire);
  }

  /**
   * The handler finished (its result is about to be sent, or its failure logged). Returns true
   * when the request was abandoned (then nothing must be sent or logged as a failure).
   */
  end(): boolean {
    const state = this.state;
    if (state !== RUNNING) return state === ABANDONED;
    this.state = DONE;
    if (this.tally !== undefined) this.tally.running--;
    this.conn.requestEnded();
    const timer = this.timer;
    if (timer !== null) {
      this.timer = null;
      timer.wheel.remove(timer);
    }
    if (this.controller !== null) tracked.get(this.conn)?.delete(this);
    return false;
  }

  /** Marks the request abandoned after `timeout` ms and aborts its signal; false when it already ended. */
  abandon(timeout: number): boolean {
    if (this.state !== RUNNING) return false;
    this.state = ABANDONED;
    if (this.tally !== undefined) this.tally.running--;
    // Abandoned requests leave the connection's count: the handler timeout bounds how long one holds a slot.
    this.conn.requestEnded();
    this.timer = null;
    const c = this.controller;
    if (c !== null) {
      tracked.get(this.conn)?.delete(this);
      c.abort(new ClusterError("timeout", `handler timed out after ${timeout} ms`, { peer: this.peer.address }));
    }
    return true;
  }

  /** Aborts the signal because the connection closed (the request keeps running; its response will be dropped). */
  connectionClosed(reason: string): void {
    this.controller?.abort(new ClusterError("closed", `connection lost: ${reason}`, { peer: this.peer.address }));
  }
}

/** Aborts the signal of every running request of `conn` that read it (call once, when `conn` closes). */
export function abortRequestsOf(conn: Connection, reason: string): void {
  const set = tracked.get(conn);
  if (set === undefined) return;
  tracked.delete(conn);
  for (const ctx of set) ctx.connectionClosed(reason);
}
