/**
 * `@clusterc/runtime/otel`: an interceptor that makes an OpenTelemetry span per call (kind
 * CLIENT) and per handled request (kind SERVER). `@opentelemetry/api` is an optional peer
 * dependency of `@clusterc/runtime`: only this module imports it.
 *
 * silly's wire carries one 64-bit trace id and nothing else, so spans are tied across nodes
 * through it:
 * - every span has the attribute `clusterc.trace_id`: the id on the wire, as 16 hex digits;
 * - the id of a hop (the request as sent: trace root + sending node) maps to a span context, the
 *   *hop context*: OTel trace id = 16 zero digits + the 48-bit silly root followed by 4 zero
 *   digits, span id = the 16 hex digits of the wire id (see {@link hopSpanContext}). It is never
 *   exported as a span of its own;
 * - a SERVER span's parent is the hop context of the request it handles, so every server span of
 *   one silly trace, on every node, is in the same OTel trace;
 * - a CLIENT span's parent is the active span when there is one (a call made inside a handler
 *   runs in the handler's SERVER span when a context manager is registered; a call made inside
 *   the application's own span stays in its trace), otherwise the hop context. When the parent is
 *   not the hop context the span links to it, so the CLIENT span and the SERVER span of a call
 *   always meet at the same hop context (parent or link).
 * The wire id names the trace and the last sending node, not the call: two calls from the same
 * node in the same trace share a hop context.
 */
import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type Tracer,
} from "@opentelemetry/api";
import type { Interceptor, InterceptorContext } from "../call/interceptor.ts";
import { isClusterError } from "../core/errors.ts";
import { formatTraceId } from "../core/trace.ts";
import { outcomeOf } from "./metrics-hook.ts";

/** Options of {@link createOtelInterceptor}. */
export interface OtelInterceptorOptions {
  /** The tracer to make spans with; default `trace.getTracer("@clusterc/runtime")` (the global provider's). */
  readonly tracer?: Tracer;
}

export { formatTraceId };

/** The attribute holding the 64-bit silly trace id on the wire, as 16 lowercase hex digits. */
export const TRACE_ID_ATTRIBUTE = "clusterc.trace_id";

/**
 * The hop context of the silly trace id `traceId` (see the module's description), or undefined
 * when the id cannot make a valid one (its 48-bit root is 0).
 */
export function hopSpanContext(traceId: bigint): SpanContext | undefined {
  const id = BigInt.asUintN(64, traceId);
  if (id >> 16n === 0n) return undefined;
  return {
    traceId: `0000000000000000${formatTraceId(id & ~0xffffn)}`,
    spanId: formatTraceId(id),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  };
}

function spanName(ctx: InterceptorContext): string {
  const method = ctx.method?.name;
  return method === undefined ? `clusterc/cmd:${ctx.cmd}` : `${ctx.service ?? "clusterc"}/${method}`;
}

function attributesOf(ctx: InterceptorContext, traceId: string): Attributes {
  const attributes: Attributes = {
    "rpc.system": "clusterc",
    "clusterc.cmd": ctx.cmd,
    [TRACE_ID_ATTRIBUTE]: traceId,
    "clusterc.peer": ctx.peer.address,
  };
  if (ctx.service !== undefined) attributes["rpc.service"] = ctx.service;
  if (ctx.method !== undefined) attributes["rpc.method"] = ctx.method.name;
  if (ctx.side === "client") attributes["clusterc.one_way"] = ctx.kind === "send";
  else attributes["clusterc.session"] = ctx.session;
  return attributes;
}

/** Ends `span` as failed with `error` (status ERROR, the outcome code as `clusterc.error_code`). */
function fail(span: Span, error: unknown): void {
  span.setAttribute("clusterc.error_code", outcomeOf(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  if (error instanceof Error) span.recordException(error);
  span.end();
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/**
 * Ends `span` when `out` settles (at once for a plain value); returns what settles like `out`.
 * With `abandon` (a server request's signal), a handler abandoned by its handler timeout ends the
 * span there and then, as failed with the outcome `abandoned`: the handler may never return, and
 * the server span must not wait for it. What it returns later is ignored.
 */
function endWith(span: Span, out: unknown, abandon?: AbortSignal): unknown {
  if (!isThenable(out)) {
    span.end();
    return out;
  }
  let open = true;
  if (abandon !== undefined) {
    const onAbort = (): void => {
      const reason: unknown = abandon.reason;
      if (!open || !isClusterError(reason) || reason.code !== "timeout") return;
      open = false;
      span.setAttribute("clusterc.error_code", "abandoned");
      span.setStatus({ code: SpanStatusCode.ERROR, message: reason.message });
      span.end();
    };
    if (abandon.aborted) onAbort();
    else abandon.addEventListener("abort", onAbort, { once: true });
  }
  return Promise.resolve(out).then(
    (value) => {
      if (open) span.end();
      open = false;
      return value;
    },
    (error: unknown) => {
      if (open) fail(span, error);
      open = false;
      throw error;
    },
  );
}

/**
 * Creates the interceptor; install it on both sides, e.g. `createCluster({ interceptors:
 * [createOtelInterceptor()] })`. The rest of the chain (inner interceptors, the handler) runs
 * with the span active.
 */
export function createOtelInterceptor(options: OtelInterceptorOptions = {}): Interceptor {
  const tracer = options.tracer ?? trace.getTracer("@clusterc/runtime");
  return (next) => (request, ctx) => {
    const wireId = ctx.traceId;
    const hop = hopSpanContext(wireId);
    const attributes = attributesOf(ctx, formatTraceId(wireId));
    let parent: Context;
    let links: Link[] | undefined;
    let kind: SpanKind;
    if (ctx.side === "server") {
      kind = SpanKind.SERVER;
      // Not context.active(): a request runs in whatever context its socket was opened in.
      parent = hop === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, hop);
    } else {
      kind = SpanKind.CLIENT;
      const active = context.active();
      if (trace.getSpan(active) !== undefined || hop === undefined) {
        parent = active;
        if (hop !== undefined) links = [{ context: hop }];
      } else {
        parent = trace.setSpanContext(active, hop);
      }
    }
    const span = tracer.startSpan(spanName(ctx), { kind, attributes, ...(links === undefined ? {} : { links }) }, parent);
    let out: unknown;
    try {
      out = context.with(trace.setSpan(parent, span), () => next(request, ctx));
    } catch (error) {
      fail(span, error);
      throw error;
    }
    return endWith(span, out, ctx.side === "server" && isThenable(out) ? ctx.signal : undefined);
  };
}
