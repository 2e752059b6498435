/**
 * Interceptors and metrics as a node applies them: around its raw calls and sends, its raw
 * handlers and `options.call`, and — through {@link NODE_INTERCEPTION}, which the typed layer
 * reads once per client or service — around typed calls and handlers, where the method is known.
 *
 * Everything here is decided when a node is made or a handler, client or service is bound: a node
 * without interceptors and metrics keeps its plain methods and handlers, per-call cost zero.
 */
import { ClientCall, clientTerminal } from "../call/client-call.ts";
import {
  composeInterceptors,
  composeServerInterceptors,
  runNext,
  type Interceptor,
  type InterceptorContext,
  type Next,
} from "../call/interceptor.ts";
import { methodLabels, outcomeOf, type ClusterMetrics, type MethodMetrics } from "../observability/metrics-hook.ts";
import { now } from "../core/deadline.ts";
import { meteredDecoder, meteredResult } from "../observability/metered-call.ts";
import type { MetricsClock } from "../observability/metrics-clock.ts";
import type { RequestContext } from "../call/request-context.ts";
import type { ResponseDecoder } from "../connection/sessions.ts";
import type { MethodDescriptor } from "../call/descriptor.ts";
import type { CallContext, RawHandler } from "../call/handler.ts";
import type { CallOptions } from "../call/options.ts";
import type { ClusterNode } from "./cluster-node.ts";
import type { Peer } from "../connection/peer.ts";

/** The key under which a node made by `createCluster` offers its {@link NodeInterception}. */
export const NODE_INTERCEPTION: unique symbol = Symbol("clusterc.interception");

/** Marks a handler that already runs the node's interceptors and metrics (made by `serveService`). */
export const INTERCEPTED: unique symbol = Symbol("clusterc.intercepted");

/** What a node made by `createCluster` offers the typed layer under {@link NODE_INTERCEPTION}. */
export interface NodeInterception {
  /** The node's id (the low 16 bits of the trace ids it sends). */
  readonly nodeId: number;
  /** The node's interceptors (empty when none). */
  readonly interceptors: readonly Interceptor[];
  /** The node's metrics hook. */
  readonly metrics: ClusterMetrics | undefined;
  /** The clock of the node's metrics (stamped per received chunk and per write while `metrics` is set). */
  readonly clock: MetricsClock;
  /** `callRaw` without the node's interceptors and metrics, settling with `decode`'s result when given. */
  callRaw<T = Uint8Array>(
    peer: Peer,
    cmd: number,
    body: Uint8Array,
    opts: CallOptions | undefined,
    decode?: ResponseDecoder<T>,
  ): Promise<T>;
  /**
   * `sendRaw` without the node's interceptors and metrics; `request` (default: the body) is what a
   * service target's balancer routes by, the request object for typed sends.
   */
  sendRaw(peer: Peer, cmd: number, body: Uint8Array, request?: unknown): Promise<void>;
}

/** The {@link NodeInterception} of `node`, or undefined for a node not made by `createCluster`. */
export function interceptionOf(node: ClusterNode): NodeInterception | undefined {
  return (node as { [NODE_INTERCEPTION]?: NodeInterception })[NODE_INTERCEPTION];
}

/** True when `interception` has anything to apply. */
export function isActive(interception: NodeInterception | undefined): boolean {
  return interception !== undefined && (interception.interceptors.length > 0 || interception.metrics !== undefined);
}

// ---- client side ----

/** Wraps `next` so that `m` records every call through it (outermost: it times the interceptors too). */
export function meterClient(m: MethodMetrics, next: Next): Next {
  return (request, ctx) => {
    m.started();
    return meterPromise(m, now(), runNext(next, request, ctx));
  };
}

/**
 * Records with `m` the call `p` (started at `start`, `m.started()` already called); returns a
 * promise settling like `p`.
 */
export function meterPromise<T>(m: MethodMetrics, start: number, p: Promise<T>): Promise<T> {
  return p.then(
    (value) => {
      m.finished("ok", (now() - start) / 1000);
      return value;
    },
    (error: unknown) => {
      m.finished(outcomeOf(error), (now() - start) / 1000);
      throw error;
    },
  );
}

/** A client chain: metrics (outermost), then `interceptors`, then `terminal`. */
export function clientChain(interceptors: readonly Interceptor[], m: MethodMetrics | undefined, terminal: Next): Next {
  const chain = interceptors.length > 0 ? composeInterceptors(interceptors, terminal) : terminal;
  return m === undefined ? chain : meterClient(m, chain);
}

/** The node's raw `callRaw`/`sendRaw` with its interceptors and metrics around them. */
export interface InterceptedRaw {
  callRaw(peer: Peer, cmd: number, body: Uint8Array, opts?: CallOptions): Promise<Uint8Array>;
  sendRaw(peer: Peer, cmd: number, body: Uint8Array): Promise<void>;
}

/**
 * Builds the node's intercepted raw methods (only for a node with interceptors or metrics). The
 * request interceptors see is the body; `ctx.method` is undefined.
 */
export function interceptRaw(interception: NodeInterception): InterceptedRaw {
  const { interceptors, metrics, nodeId, clock } = interception;
  if (interceptors.length === 0 && metrics !== undefined) {
    // Metrics only: no context to make; the call is recorded through its response decoder.
    const recorders = new PerCmd((cmd) => metrics.method(methodLabels("client", cmd)));
    return {
      callRaw: (peer, cmd, body, opts) => {
        const decode = meteredDecoder<Uint8Array>(recorders.of(cmd), undefined, clock);
        return meteredResult(decode, interception.callRaw(peer, cmd, body, opts, decode));
      },
      sendRaw: (peer, cmd, body) => {
        const m = recorders.of(cmd);
        m.started();
        return meterPromise(m, now(), interception.sendRaw(peer, cmd, body));
      },
    };
  }
  const callChain = composeInterceptors(
    interceptors,
    clientTerminal((ctx, body) => interception.callRaw(ctx.peer, ctx.cmd, body as Uint8Array, ctx.options)),
  );
  const sendChain = composeInterceptors(
    interceptors,
    clientTerminal((ctx, body) => interception.sendRaw(ctx.peer, ctx.cmd, body as Uint8Array)),
  );
  // With metrics, one metered chain per cmd (raw cmds are known only when first called).
  const calls =
    metrics === undefined ? undefined : new PerCmd((cmd) => meterClient(metrics.method(methodLabels("client", cmd)), callChain));
  const sends =
    metrics === undefined ? undefined : new PerCmd((cmd) => meterClient(metrics.method(methodLabels("client", cmd)), sendChain));
  return {
    callRaw: (peer, cmd, body, opts) => {
      const ctx = new ClientCall("call", peer, cmd, undefined, undefined, opts, nodeId);
      return runNext(calls === undefined ? callChain : calls.of(cmd), body, ctx) as Promise<Uint8Array>;
    },
    sendRaw: (peer, cmd, body) => {
      const ctx = new ClientCall("send", peer, cmd, undefined, undefined, undefined, nodeId);
      return runNext(sends === undefined ? sendChain : sends.of(cmd), body, ctx) as Promise<void>;
    },
  };
}

/** Something made per cmd on first use, then kept. */
class PerCmd<T> {
  private readonly byCmd = new Map<number, T>();
  private readonly make: (cmd: number) => T;

  constructor(make: (cmd: number) => T) {
    this.make = make;
  }

  of(cmd: number): T {
    let value = this.byCmd.get(cmd);
    if (value === undefined) {
      value = this.make(cmd);
      this.byCmd.set(cmd, value);
    }
    return value;
  }
}

// ---- server side ----

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** A server function: a handler's work, taking the request and the context, answering a value or a promise. */
export type ServerFn = (request: unknown, ctx: CallContext) => unknown;

/** What a server recording concludes once the handler settled (dispatch may have abandoned it). */
function serverOutcome(ctx: CallContext, ok: boolean): string {
  return (ctx as Partial<RequestContext>).abandoned === true ? "abandoned" : ok ? "ok" : "error";
}

/**
 * Wraps `fn` so that `m` records every request (a sync answer stays sync: no promise is made for
 * it). A request's time counts from when its chunk was taken up (requests are dispatched while
 * their chunk is processed) to when its answer was written (a synchronous answer) or settled.
 */
export function meterServer(m: MethodMetrics, fn: ServerFn, clock: MetricsClock): ServerFn {
  return (request, ctx) => {
    m.started();
    const start = clock.at;
    let out: unknown;
    try {
      out = fn(request, ctx);
    } catch (error) {
      m.finished("error", (now() - start) / 1000);
      throw error;
    }
    if (!isThenable(out)) {
      // An answer goes out when the chunk is done; no answer (one-way) is done now.
      if (out !== undefined) clock.answered(m, start);
      else m.finished("ok", (now() - start) / 1000);
      return out;
    }
    return Promise.resolve(out).then(
      (value) => {
        m.finished(serverOutcome(ctx, true), (now() - start) / 1000);
        return value;
      },
      (error: unknown) => {
        m.finished(serverOutcome(ctx, false), (now() - start) / 1000);
        throw error;
      },
    );
  };
}

/**
 * `fn` with `interceptors` around it, recorded by `m` (outermost; times from `clock`), for the
 * method `method` of `service` when known (set on the request context for the interceptors). A
 * synchronous answer travels up the chain as a plain value: no promise is made unless an
 * interceptor makes one.
 */
export function serverChain(
  interceptors: readonly Interceptor[],
  m: MethodMetrics | undefined,
  clock: MetricsClock,
  fn: ServerFn,
  method?: MethodDescriptor,
  service?: string,
): ServerFn {
  let out = fn;
  if (interceptors.length > 0) {
    // The handler is the end of the chain as it is (on the server every context is a CallContext);
    // each interceptor's next() lets a request through once.
    const chain = composeServerInterceptors(interceptors, fn as Next);
    out =
      method === undefined
        ? (request, ctx) => chain(request, ctx as InterceptorContext)
        : (request, ctx) => {
            const rc = ctx as RequestContext;
            rc.method = method;
            rc.service = service;
            return chain(request, rc);
          };
  }
  return m === undefined ? out : meterServer(m, out, clock);
}

/**
 * A raw handler registered with `node.handle(cmd, …)` with the node's interceptors and metrics
 * around it; a handler marked {@link INTERCEPTED} is returned as it is.
 */
export function interceptHandler(interception: NodeInterception, cmd: number, handler: RawHandler): RawHandler {
  if ((handler as { [INTERCEPTED]?: boolean })[INTERCEPTED] === true) return handler;
  const { interceptors, metrics, clock } = interception;
  const m = metrics === undefined ? undefined : metrics.method(methodLabels("server", cmd));
  const fn = serverChain(interceptors, m, clock, handler as ServerFn) as RawHandler;
  const own = (handler as { handlerTimeout?: number }).handlerTimeout;
  return own === undefined ? fn : Object.assign(fn, { handlerTimeout: own });
}

/** `options.call` with the node's interceptors and metrics around it (the request is the unmarshalled body). */
export function interceptCallOption(
  interception: NodeInterception,
  call: (peer: Peer, cmd: number, body: unknown, ctx: CallContext) => unknown,
): (peer: Peer, cmd: number, body: unknown, ctx: CallContext) => unknown {
  const { interceptors, metrics, clock } = interception;
  const fn = serverChain(interceptors, undefined, clock, (body, ctx) => call(ctx.peer, ctx.cmd, body, ctx));
  if (metrics === undefined) return (_peer, _cmd, body, ctx) => fn(body, ctx);
  const metered = new PerCmd((cmd) => meterServer(metrics.method(methodLabels("server", cmd)), fn, clock));
  return (_peer, cmd, body, ctx) => metered.of(cmd)(body, ctx);
}
