/**
 * The OpenTelemetry bridge over real sockets, recorded with the SDK's in-memory exporter: one
 * CLIENT and one SERVER span per call, both carrying the wire's 64-bit trace id, tied through the
 * hop context derived from it; spans of nested calls across three nodes in one OTel trace.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type ContextManager } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CalcService } from "../../../generated/calc.ts";
import { listenerAddress } from "../../../runtime/node/cluster.ts";
import { createOtelInterceptor, formatTraceId, hopSpanContext, TRACE_ID_ATTRIBUTE } from "../../../runtime/observability/otel-bridge.ts";
import { createServiceClient } from "../../../runtime/rpc/client.ts";
import { serveService } from "../../../runtime/rpc/server.ts";
import type { CallContext } from "../../../runtime/call/handler.ts";
import { calcImpl, calcPair, closeAll, node, rejection } from "../fixtures/calc-pair.ts";
import { waitFor } from "../helpers.ts";

/** A context manager on AsyncLocalStorage (what @opentelemetry/context-async-hooks provides), for the nesting tests. */
class StorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

let exporter: InMemorySpanExporter;
let tracer: ReturnType<BasicTracerProvider["getTracer"]>;

beforeEach(() => {
  exporter = new InMemorySpanExporter();
  tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer("clusterc-test");
});
afterEach(async () => {
  context.disable();
  await closeAll();
});

const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
const byKind = (kind: SpanKind): ReadableSpan[] => spans().filter((s) => s.kind === kind);

describe("OpenTelemetry bridge", () => {
  it("makes a CLIENT and a SERVER span per call, sharing the wire trace id and meeting at its hop context", async () => {
    const handled: CallContext[] = [];
    const pair = await calcPair({
      client: { nodeId: 5, interceptors: [createOtelInterceptor({ tracer })] },
      server: { nodeId: 6, interceptors: [createOtelInterceptor({ tracer })] },
      impl: { add: (req, ctx) => (handled.push(ctx), { result: (req.a ?? 0) + (req.b ?? 0) }) },
    });
    await createServiceClient(pair.client, pair.peer, CalcService).add({ a: 1, b: 2 });
    await waitFor(() => spans().length === 2, 5000, "two spans");
    const [client] = byKind(SpanKind.CLIENT);
    const [server] = byKind(SpanKind.SERVER);
    const wire = formatTraceId(handled[0]!.traceId);
    expect(client?.attributes[TRACE_ID_ATTRIBUTE]).toBe(wire);
    expect(server?.attributes[TRACE_ID_ATTRIBUTE]).toBe(wire);
    const hop = hopSpanContext(handled[0]!.traceId)!;
    expect(server?.parentSpanContext).toMatchObject({ traceId: hop.traceId, spanId: hop.spanId });
    expect(client?.parentSpanContext).toMatchObject({ traceId: hop.traceId, spanId: hop.spanId });
    expect(client?.spanContext().traceId).toBe(hop.traceId);
    expect(server?.spanContext().traceId).toBe(hop.traceId);
    for (const s of [client, server]) {
      expect(s?.name).toBe("calc/add");
      expect(s?.attributes).toMatchObject({ "rpc.system": "clusterc", "rpc.service": "calc", "rpc.method": "add", "clusterc.cmd": 1 });
      expect(s?.status.code).not.toBe(SpanStatusCode.ERROR);
    }
    expect(client?.attributes["clusterc.one_way"]).toBe(false);
    expect(server?.attributes["clusterc.session"]).toBe(handled[0]!.session);
  });

  it("keeps a call made inside the application's span in its trace, linked to the hop context the server span hangs from", async () => {
    context.setGlobalContextManager(new StorageContextManager());
    const pair = await calcPair({
      client: { interceptors: [createOtelInterceptor({ tracer })] },
      server: { interceptors: [createOtelInterceptor({ tracer })] },
    });
    const calc = createServiceClient(pair.client, pair.peer, CalcService);
    const app = tracer.startSpan("app");
    await context.with(trace.setSpan(context.active(), app), () => calc.add({ a: 1 }));
    app.end();
    await waitFor(() => byKind(SpanKind.SERVER).length === 1, 5000, "the server span");
    const [client] = byKind(SpanKind.CLIENT);
    const [server] = byKind(SpanKind.SERVER);
    expect(client?.parentSpanContext?.spanId).toBe(app.spanContext().spanId);
    expect(client?.spanContext().traceId).toBe(app.spanContext().traceId);
    expect(client?.links.map((l) => l.context)).toEqual([server?.parentSpanContext]);
    expect(server?.attributes[TRACE_ID_ATTRIBUTE]).toBe(client?.attributes[TRACE_ID_ATTRIBUTE]);
  });

  it("puts the spans of nested calls across three nodes in one trace: a handler's calls are children of its SERVER span", async () => {
    context.setGlobalContextManager(new StorageContextManager());
    const otel = createOtelInterceptor({ tracer });
    const c = node({ nodeId: 3, interceptors: [otel] });
    serveService(c, CalcService, calcImpl());
    const cAddress = listenerAddress(await c.listen("127.0.0.1:0"));
    const b = node({ nodeId: 2, interceptors: [otel] });
    const toC = createServiceClient(b, await b.connect(cAddress), CalcService);
    serveService(b, CalcService, calcImpl({ add: async (req) => toC.add({ a: (req.a ?? 0) + 1 }) }));
    const bAddress = listenerAddress(await b.listen("127.0.0.1:0"));
    const a = node({ nodeId: 1, interceptors: [otel] });
    await expect(createServiceClient(a, await a.connect(bAddress), CalcService).add({ a: 1 })).resolves.toEqual({ result: 2 });
    await waitFor(() => spans().length === 4, 5000, "four spans");
    const servers = byKind(SpanKind.SERVER);
    const clients = byKind(SpanKind.CLIENT);
    expect(new Set(spans().map((s) => s.spanContext().traceId)).size).toBe(1);
    const bServer = servers.find((s) => (s.attributes[TRACE_ID_ATTRIBUTE] as string).endsWith("0001"));
    const cServer = servers.find((s) => (s.attributes[TRACE_ID_ATTRIBUTE] as string).endsWith("0002"));
    const bClient = clients.find((s) => (s.attributes[TRACE_ID_ATTRIBUTE] as string).endsWith("0002"));
    expect(bClient?.parentSpanContext?.spanId).toBe(bServer?.spanContext().spanId);
    expect(bClient?.links.map((l) => l.context.spanId)).toEqual([cServer?.parentSpanContext?.spanId]);
  });

  it("marks failed calls and requests as errors with the outcome code", async () => {
    const pair = await calcPair({
      client: { interceptors: [createOtelInterceptor({ tracer })] },
      server: { interceptors: [createOtelInterceptor({ tracer })] },
      impl: {
        add: () => {
          throw new Error("boom");
        },
      },
    });
    await rejection(createServiceClient(pair.client, pair.peer, CalcService).add({}, { timeout: 100 }));
    await waitFor(() => spans().length === 2, 5000, "two spans");
    const [client] = byKind(SpanKind.CLIENT);
    const [server] = byKind(SpanKind.SERVER);
    expect(client?.status.code).toBe(SpanStatusCode.ERROR);
    expect(client?.attributes["clusterc.error_code"]).toBe("timeout");
    expect(server?.status.code).toBe(SpanStatusCode.ERROR);
    expect(server?.attributes["clusterc.error_code"]).toBe("error");
    expect(server?.status.message).toBe("boom");
  });

  it("ends the SERVER span of a handler abandoned by its handler timeout at abandonment, though the handler never returns", async () => {
    let release: (() => void) | undefined;
    const pair = await calcPair({
      client: { interceptors: [createOtelInterceptor({ tracer })] },
      server: { interceptors: [createOtelInterceptor({ tracer })], handlerTimeout: 50 },
      impl: { add: () => new Promise<never>((resolve) => (release = () => resolve(undefined as never))) },
    });
    const outcome = rejection(createServiceClient(pair.client, pair.peer, CalcService).add({}, { timeout: 300 }));
    await waitFor(() => byKind(SpanKind.SERVER).length === 1, 5000, "the server span, ended while the handler still runs");
    const [server] = byKind(SpanKind.SERVER);
    expect(server?.status.code).toBe(SpanStatusCode.ERROR);
    expect(server?.attributes["clusterc.error_code"]).toBe("abandoned");
    expect(release).toBeDefined();
    await outcome;
    await waitFor(() => byKind(SpanKind.CLIENT).length === 1, 5000, "the client span");
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(byKind(SpanKind.SERVER)).toHaveLength(1);
  });

  it("names raw calls by cmd", async () => {
    const server = node({ interceptors: [createOtelInterceptor({ tracer })] });
    server.handle(0x50, (body) => body);
    const client = node({ interceptors: [createOtelInterceptor({ tracer })] });
    const peer = await client.connect(listenerAddress(await server.listen("127.0.0.1:0")));
    await client.callRaw(peer, 0x50, Uint8Array.of(1));
    await waitFor(() => spans().length === 2, 5000, "two spans");
    expect(spans().map((s) => s.name)).toEqual(["clusterc/cmd:80", "clusterc/cmd:80"]);
    expect(spans().every((s) => s.attributes["rpc.method"] === undefined)).toBe(true);
  });
});

describe("hopSpanContext", () => {
  it("maps a wire id to the trace of its root and the span of its hop (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: 0xffffn })), (id) => {
        const hop = hopSpanContext(id);
        if (id >> 16n === 0n) {
          expect(hop).toBeUndefined();
          return;
        }
        expect(hop?.traceId).toMatch(/^0{16}[0-9a-f]{12}0000$/);
        expect(BigInt(`0x${hop?.traceId}`)).toBe(id & ~0xffffn);
        expect(BigInt(`0x${hop?.spanId}`)).toBe(id);
        // Every hop of one trace (same root, another sending node) shares the OTel trace id.
        expect(hopSpanContext((id & ~0xffffn) | 0x1234n)?.traceId).toBe(hop?.traceId);
      }),
    );
    expect(formatTraceId(0x0102030405060708n)).toBe("0102030405060708");
  });
});
