/**
 * Interceptors: functions around outgoing calls and incoming requests, composed like
 * middleware — `(next) => async (request, ctx) => …` — for auth checks, logging, metrics,
 * retries, rate limits. One type serves both sides; `ctx.side` tells which one is running.
 *
 * Where they are installed: `createCluster({ interceptors })` for every call and request of the
 * node, and `createServiceClient(node, peer, service, { interceptors })` /
 * `serveService(node, service, impl, { interceptors })` for one service (inside the node's).
 * A node or service without interceptors runs exactly the path it runs without this feature.
 */
import { ClusterError } from "../core/errors.ts";
import type { MethodDescriptor } from "./descriptor.ts";
import type { CallContext } from "./handler.ts";
import type { CallOptions } from "./options.ts";
import type { Peer } from "../connection/peer.ts";

/** An outgoing call or one-way send, as interceptors see it. */
export interface ClientCallContext {
  /** This is the calling side. */
  readonly side: "client";
  /** "call" awaits a response; "send" is one-way (resolves once queued). */
  readonly kind: "call" | "send";
  /** Where the request goes; an interceptor may set it before calling `next` (which sends to the context's `peer`). */
  peer: Peer;
  /** The wire cmd. */
  readonly cmd: number;
  /** The method, for calls made through a typed client; undefined for `call`/`callRaw`/`send`/`sendRaw`. */
  readonly method: MethodDescriptor | undefined;
  /** The service name, for calls made through a typed client. */
  readonly service: string | undefined;
  /**
   * The call's options; an interceptor may set them before calling `next` (which uses the
   * context's `options`), e.g. to retry with another timeout. Contexts are not to be copied:
   * `traceId` is read from the object.
   */
  options: CallOptions | undefined;
  /** The 64-bit trace id the request carries on the wire (fixed before the first interceptor runs). */
  readonly traceId: bigint;
  /** Low 32 bits of {@link traceId}. */
  readonly traceLo: number;
  /** High 32 bits of {@link traceId}. */
  readonly traceHi: number;
}

/** A request being handled, as interceptors see it: the handler's context plus what is known of the method. */
export interface ServerCallContext extends CallContext {
  /** This is the serving side. */
  readonly side: "server";
  /** The method, for handlers registered by `serveService`/`serveMethods`; undefined for raw handlers and `options.call`. */
  readonly method: MethodDescriptor | undefined;
  /** The service name, for handlers registered by `serveService`/`serveMethods`. */
  readonly service: string | undefined;
}

/** What an interceptor sees: one side or the other. */
export type InterceptorContext = ClientCallContext | ServerCallContext;

/** A value, or a promise of it. */
export type Awaitable<T> = T | PromiseLike<T>;

/**
 * The rest of the chain; `await` what it returns. Client side: a promise of the response (decoded
 * for typed calls, bytes for raw ones; undefined for sends). Server side: what the handler answered
 * (undefined: no response) — the plain value when the handler answered synchronously (no promise is
 * made for it), else a promise. An interceptor may likewise answer with a value or a promise.
 */
export type Next = (request: unknown, ctx: InterceptorContext) => Awaitable<unknown>;

/**
 * Wraps the rest of the chain. The outer function runs once per binding (when a typed client is
 * created, a service served, a raw handler registered, a node created); the function it returns
 * runs once per call or request. The request is the decoded message for typed methods, the body
 * (`Uint8Array`) for raw calls and handlers, and the unmarshalled body for `options.call`.
 */
export type Interceptor = (next: Next) => Next;

/**
 * Composes `interceptors` around `terminal`: the first one is the outermost (it runs first and
 * sees the final outcome). Throws `invalid-argument` naming the interceptor when one throws while
 * being bound or does not return a function (the binding fails; no interceptor is skipped).
 */
export function composeInterceptors(interceptors: readonly Interceptor[], terminal: Next): Next {
  return compose(interceptors, terminal, false);
}

/**
 * {@link composeInterceptors} for the serving side, where a request is handled once: an
 * interceptor that calls `next` a second time for the same request gets an `invalid-argument`
 * error from that call (the handler and the inner interceptors are not run again).
 */
export function composeServerInterceptors(interceptors: readonly Interceptor[], terminal: Next): Next {
  return compose(interceptors, terminal, true);
}

function compose(interceptors: readonly Interceptor[], terminal: Next, once: boolean): Next {
  let next = terminal;
  for (let i = interceptors.length - 1; i >= 0; i--) {
    const inner = once ? oncePerRequest(next, i) : next;
    let wrapped: Next;
    try {
      wrapped = (interceptors[i] as Interceptor)(inner);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      throw new ClusterError("invalid-argument", `interceptor #${i} threw while being bound: ${text}`, { cause: error });
    }
    if (typeof wrapped !== "function") {
      throw new ClusterError("invalid-argument", `interceptor #${i} did not return a function`);
    }
    next = wrapped;
  }
  return next;
}

/** The `next` calls made so far for a request whose context is not a RequestContext (levels past 30). */
const deepCalls = new WeakMap<object, Set<number>>();

/**
 * The `next` handed to interceptor #`level` on the serving side: it lets each request through
 * once. A request's calls are kept on its context (`nextCalls`, a bit per level).
 */
function oncePerRequest(next: Next, level: number): Next {
  return (request, ctx) => {
    if (!firstCall(ctx as unknown as { nextCalls?: number }, level)) {
      throw new ClusterError(
        "invalid-argument",
        `server interceptor #${level} called next() a second time for one request (cmd ${ctx.cmd}); a request is handled once`,
      );
    }
    return next(request, ctx);
  };
}

/** Marks `level` as passed for the request of `ctx`; false when it was already. */
function firstCall(ctx: { nextCalls?: number }, level: number): boolean {
  if (level < 30) {
    const bit = 1 << level;
    const calls = ctx.nextCalls ?? 0;
    if ((calls & bit) !== 0) return false;
    ctx.nextCalls = calls | bit;
    return true;
  }
  let set = deepCalls.get(ctx);
  if (set === undefined) {
    set = new Set();
    deepCalls.set(ctx, set);
  }
  if (set.has(level)) return false;
  set.add(level);
  return true;
}

/**
 * Checks an `interceptors` option (an array of functions, or undefined) and returns it as a
 * frozen copy (empty when undefined). Throws `invalid-argument` naming `where`.
 */
export function checkInterceptors(value: unknown, where: string): readonly Interceptor[] {
  if (value === undefined) return EMPTY;
  if (!Array.isArray(value)) throw new ClusterError("invalid-argument", `${where} must be an array of functions`);
  value.forEach((item, i) => {
    if (typeof item !== "function") {
      throw new ClusterError("invalid-argument", `${where}[${i}] must be a function, got ${typeof item}`);
    }
  });
  return value.length === 0 ? EMPTY : Object.freeze([...(value as Interceptor[])]);
}

const EMPTY: readonly Interceptor[] = Object.freeze([]);

/**
 * Calls `next(request, ctx)` and returns a promise of its outcome: a synchronous answer is
 * resolved, a synchronous throw rejected (interceptors may be plain functions). For the client side,
 * whose callers always get a promise.
 */
export function runNext(next: Next, request: unknown, ctx: InterceptorContext): Promise<unknown> {
  try {
    const out = next(request, ctx);
    return out instanceof Promise ? out : Promise.resolve(out);
  } catch (error) {
    return Promise.reject(error);
  }
}
