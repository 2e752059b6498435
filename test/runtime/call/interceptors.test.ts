/**
 * Interceptors over real sockets: the node's and a service's, on both sides, for typed and raw
 * calls — what they see (method, peer, cmd, the trace id on the wire), their order, and what they
 * can do (change options, retry, answer without calling next, reject). Composition order is also
 * checked as a property of composeInterceptors.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { ADD_TAG, CalcService, NOTIFY_TAG, SLOW_ADD_TAG, type Sum } from "../../../generated/calc.ts";
import { ClusterError } from "../../../runtime/core/errors.ts";
import { composeInterceptors, type Interceptor, type InterceptorContext, type Next } from "../../../runtime/call/interceptor.ts";
import { callMethod, createServiceClient, sendMethod } from "../../../runtime/rpc/client.ts";
import { serveService } from "../../../runtime/rpc/server.ts";
import { runWithTrace } from "../../../runtime/core/trace.ts";
import type { CallContext } from "../../../runtime/call/handler.ts";
import { calcImpl, calcPair, closeAll, node, rejection } from "../fixtures/calc-pair.ts";
import { waitFor } from "../helpers.ts";

afterEach(closeAll);

interface Seen {
  readonly tag: string;
  readonly phase: "before" | "after";
  readonly ctx: InterceptorContext;
  readonly request: unknown;
  readonly result?: unknown;
}

/** An interceptor recording what it sees under `tag`. */
function recorder(tag: string, seen: Seen[]): Interceptor {
  return (next) => async (request, ctx) => {
    seen.push({ tag, phase: "before", ctx, request });
    const result = await next(request, ctx);
    seen.push({ tag, phase: "after", ctx, request, result });
    return result;
  };
}

describe("interceptors", () => {
  it("run node then service interceptors on both sides around a typed call, seeing the method, peer, cmd and wire trace id", async () => {
    const seen: Seen[] = [];
    const handled: CallContext[] = [];
    const pair = await calcPair({
      server: { nodeId: 2, interceptors: [recorder("server-node", seen)] },
      client: { nodeId: 9, interceptors: [recorder("client-node", seen)] },
      serve: { interceptors: [recorder("server-service", seen)] },
      impl: {
        add: (req, ctx) => {
          handled.push(ctx);
          seen.push({ tag: "handler", phase: "before", ctx: ctx as InterceptorContext, request: req });
          return { result: (req.a ?? 0) + (req.b ?? 0) };
        },
      },
    });
    const calc = createServiceClient(pair.client, pair.peer, CalcService, { interceptors: [recorder("client-service", seen)] });
    const opts = { timeout: 4000 };
    await expect(calc.add({ a: 20, b: 22 }, opts)).resolves.toEqual({ result: 42 });

    expect(seen.map((s) => `${s.tag}:${s.phase}`)).toEqual([
      "client-node:before",
      "client-service:before",
      "server-node:before",
      "server-service:before",
      "handler:before",
      "server-service:after",
      "server-node:after",
      "client-service:after",
      "client-node:after",
    ]);
    const client = seen[0]!.ctx;
    const server = seen[2]!.ctx;
    expect(client.side).toBe("client");
    expect(server.side).toBe("server");
    if (client.side !== "client" || server.side !== "server") return;
    expect(client).toMatchObject({ kind: "call", cmd: ADD_TAG, service: "calc", options: opts });
    expect(client.method).toBe(CalcService.methods.add);
    expect(client.peer).toBe(pair.peer);
    expect(server).toMatchObject({ cmd: ADD_TAG, service: "calc" });
    expect(server.method).toBe(CalcService.methods.add);
    expect(server.peer.origin).toBe("accept");
    // The id the client's interceptors saw is the one the server received: the client's node id in the low 16 bits.
    expect(client.traceId & 0xffffn).toBe(9n);
    expect(server.traceId).toBe(client.traceId);
    expect(handled[0]!.traceId).toBe(client.traceId);
    // Requests and results are the decoded messages.
    expect(seen[0]!.request).toEqual({ a: 20, b: 22 });
    expect(seen[2]!.request).toEqual({ a: 20, b: 22 });
    expect(seen.at(-1)!.result).toEqual({ result: 42 });
    expect(seen[5]!.result).toEqual({ result: 42 });
  });

  it("fix the trace id before the first interceptor: a fresh root per call, or the current trace re-stamped", async () => {
    const ids: bigint[] = [];
    const serverIds: bigint[] = [];
    const pair = await calcPair({
      client: { nodeId: 0x0501, interceptors: [(next) => (req, ctx) => (ids.push(ctx.traceId), next(req, ctx))] },
      impl: { add: (_req, ctx) => (serverIds.push(ctx.traceId), { result: 0 }) },
    });
    const calc = createServiceClient(pair.client, pair.peer, CalcService);
    await calc.add({});
    await calc.add({});
    const root = (0x1234n << 48n) | (0x5678n << 32n) | 0x9abc_0000n;
    await runWithTrace(root | 0x77n, () => calc.add({}));
    expect(serverIds).toEqual(ids);
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids.slice(0, 2).map((id) => id & 0xffffn)).toEqual([0x0501n, 0x0501n]);
    expect(ids[2]).toBe(root | 0x0501n);
  });

  it("see raw calls, sends and handlers with the body, the cmd and no method", async () => {
    const seen: Seen[] = [];
    const server = node({ interceptors: [recorder("server", seen)] });
    const client = node({ interceptors: [recorder("client", seen)] });
    const got: number[][] = [];
    server.handle(0x40, (body) => Uint8Array.from(body).reverse());
    server.handle(0x41, (body) => void got.push([...body]));
    const listener = await server.listen("127.0.0.1:0");
    const peer = await client.connect(`127.0.0.1:${listener.address.port}`);
    const answer = await client.callRaw(peer, 0x40, Uint8Array.of(1, 2, 3));
    expect([...answer]).toEqual([3, 2, 1]);
    await client.sendRaw(peer, 0x41, Uint8Array.of(9));
    await waitFor(() => got.length === 1, 5000, "one-way request");
    const tags = seen.map((s) => `${s.tag}:${s.phase}:${s.ctx.cmd}`);
    expect(tags).toEqual([
      "client:before:64",
      "server:before:64",
      "server:after:64",
      "client:after:64",
      "client:before:65",
      "client:after:65",
      "server:before:65",
      "server:after:65",
    ]);
    for (const s of seen) expect(s.ctx.method).toBeUndefined();
    expect(seen[0]!.ctx).toMatchObject({ side: "client", kind: "call" });
    expect(seen[4]!.ctx).toMatchObject({ side: "client", kind: "send" });
    expect([...(seen[0]!.request as Uint8Array)]).toEqual([1, 2, 3]);
    expect([...(seen[2]!.result as Uint8Array)]).toEqual([3, 2, 1]);
    expect(seen[5]!.result).toBeUndefined();
  });

  it("run the node's interceptors once for typed sends and for callMethod/sendMethod, seeing the method", async () => {
    const seen: Seen[] = [];
    const pair = await calcPair({ client: { interceptors: [recorder("client", seen)] } });
    await expect(callMethod(pair.client, pair.peer, CalcService.methods.add, { a: 1, b: 1 })).resolves.toEqual({ result: 2 });
    await sendMethod(pair.client, pair.peer, CalcService.methods.notify, { message: "one" });
    await createServiceClient(pair.client, pair.peer, CalcService).notify({ message: "two" });
    expect(seen.map((s) => `${s.phase}:${s.ctx.method?.name}:${s.ctx.cmd}`)).toEqual([
      `before:add:${ADD_TAG}`,
      `after:add:${ADD_TAG}`,
      `before:notify:${NOTIFY_TAG}`,
      `after:notify:${NOTIFY_TAG}`,
      `before:notify:${NOTIFY_TAG}`,
      `after:notify:${NOTIFY_TAG}`,
    ]);
    expect(seen.map((s) => (s.ctx.side === "client" ? s.ctx.kind : ""))).toEqual(["call", "call", "send", "send", "send", "send"]);
  });

  it("can change the options and retry: the second attempt carries the same trace id", async () => {
    let attempts = 0;
    const traces: bigint[] = [];
    const retry: Interceptor = (next) => async (request, ctx) => {
      if (ctx.side !== "client") return next(request, ctx);
      try {
        return await next(request, ctx);
      } catch (error) {
        if (!(error instanceof ClusterError) || error.code !== "timeout") throw error;
        ctx.options = { timeout: 5000 };
        return next(request, ctx);
      }
    };
    const pair = await calcPair({
      client: { interceptors: [retry] },
      impl: {
        // The first attempt is never answered.
        slowAdd: (req, ctx) => {
          traces.push(ctx.traceId);
          return ++attempts === 1 ? new Promise<Sum>(() => undefined) : { result: (req.a ?? 0) + (req.b ?? 0) };
        },
      },
    });
    const calc = createServiceClient(pair.client, pair.peer, CalcService);
    await expect(calc.slowAdd({ a: 2, b: 3 }, { timeout: 100 })).resolves.toEqual({ result: 5 });
    expect(attempts).toBe(2);
    expect(traces[1]).toBe(traces[0]);
  });

  it("can answer without calling next (nothing is sent) or reject (nothing is sent)", async () => {
    let handled = 0;
    const pair = await calcPair({ impl: { add: () => (handled++, { result: 1 }) } });
    const cached: Interceptor = () => async () => ({ result: 99 });
    const thrower: Interceptor = () => () => {
      throw new ClusterError("refused", "rate limited");
    };
    const asyncReject: Interceptor = () => async () => Promise.reject(new Error("no token"));
    await expect(createServiceClient(pair.client, pair.peer, CalcService, { interceptors: [cached] }).add({})).resolves.toEqual({
      result: 99,
    });
    const sync = await rejection(createServiceClient(pair.client, pair.peer, CalcService, { interceptors: [thrower] }).add({}));
    expect((sync as ClusterError).code).toBe("refused");
    const asy = await rejection(createServiceClient(pair.client, pair.peer, CalcService, { interceptors: [asyncReject] }).add({}));
    expect((asy as Error).message).toBe("no token");
    // A plain call afterwards is the first request the server sees.
    await expect(createServiceClient(pair.client, pair.peer, CalcService).add({})).resolves.toEqual({ result: 1 });
    expect(handled).toBe(1);
  });

  it("on the server, let a request through next() once: a second call gets invalid-argument, the handler runs once (issue 23)", async () => {
    let handled = 0;
    const second: unknown[] = [];
    const twice: Interceptor = (next) => async (request, ctx) => {
      if (ctx.side !== "server") return next(request, ctx);
      const first = await next(request, ctx);
      try {
        await next(request, ctx);
      } catch (error) {
        second.push(error);
      }
      return first;
    };
    // Once as a node interceptor (raw handlers too), once as a service's.
    for (const where of ["node", "service"] as const) {
      handled = 0;
      second.length = 0;
      const pair = await calcPair({
        ...(where === "node" ? { server: { interceptors: [twice] } } : { serve: { interceptors: [twice] } }),
        impl: { add: (req) => (handled++, { result: (req.a ?? 0) + 1 }) },
      });
      const calc = createServiceClient(pair.client, pair.peer, CalcService);
      await expect(calc.add({ a: 1 })).resolves.toEqual({ result: 2 });
      await expect(calc.add({ a: 2 })).resolves.toEqual({ result: 3 });
      expect(handled).toBe(2);
      expect(second).toHaveLength(2);
      expect(second[0]).toMatchObject({ code: "invalid-argument", message: expect.stringMatching(/called next\(\) a second time/) });
      if (where === "node") {
        pair.server.handle(0x77, () => (handled++, Uint8Array.of(7)));
        expect([...(await pair.client.callRaw(pair.peer, 0x77, Uint8Array.of(1)))]).toEqual([7]);
        expect(handled).toBe(3);
        expect(second).toHaveLength(3);
      }
      await closeAll();
    }
  });

  it("a call made while the peer reconnects carries the trace id its interceptors saw", async () => {
    const ids: bigint[] = [];
    const serverIds: bigint[] = [];
    const server = node();
    serveService(server, CalcService, calcImpl({ add: (_req, ctx) => (serverIds.push(ctx.traceId), { result: 1 }) }));
    const listener = await server.listen("127.0.0.1:0");
    const client = node({
      nodeId: 3,
      connectMode: "lazy",
      interceptors: [(next) => (req, ctx) => (ids.push(ctx.traceId), next(req, ctx))],
    });
    const peer = await client.connect(`127.0.0.1:${listener.address.port}`);
    expect(peer.connected).toBe(false);
    await expect(createServiceClient(client, peer, CalcService).add({})).resolves.toEqual({ result: 1 });
    expect(serverIds).toEqual(ids);
  });

  it("leave a node without interceptors or metrics on its plain methods; install wrappers once otherwise", () => {
    const plain = node();
    const proto = Object.getPrototypeOf(plain) as { callRaw: unknown; sendRaw: unknown };
    expect(plain.callRaw).toBe(proto.callRaw);
    expect(plain.sendRaw).toBe(proto.sendRaw);
    const intercepted = node({ interceptors: [(next) => next] });
    expect(intercepted.callRaw).not.toBe(proto.callRaw);
    expect(Object.hasOwn(intercepted, "callRaw")).toBe(true);
  });

  it("are checked when bound: bad options throw invalid-argument", () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        return (error as ClusterError).code;
      }
      return undefined;
    };
    expect(code(() => node({ interceptors: "x" as never }))).toBe("invalid-argument");
    expect(code(() => node({ interceptors: [1] as never }))).toBe("invalid-argument");
    expect(code(() => node({ interceptors: [() => undefined as never] }))).toBe("invalid-argument");
    expect(code(() => node({ handlerTimeout: -1 }))).toBe("invalid-argument");
    expect(code(() => node({ metrics: {} as never }))).toBe("invalid-argument");
    const n = node();
    expect(code(() => serveService(n, CalcService, calcImpl(), { handlerTimeout: -5 }))).toBe("invalid-argument");
    expect(code(() => serveService(n, CalcService, calcImpl(), { interceptors: [() => 1 as never] }))).toBe("invalid-argument");
    expect(code(() => createServiceClient(n, {} as never, CalcService, { interceptors: [null as never] }))).toBe("invalid-argument");
    // Nothing stayed registered after the failed serveService calls.
    expect(() => serveService(n, CalcService, calcImpl())).not.toThrow();
    expect(SLOW_ADD_TAG).toBe(3);
  });
});

describe("composeInterceptors", () => {
  type Behaviour = "pass" | "answer" | "throw" | "reject";
  const behaviour = fc.constantFrom<Behaviour>("pass", "pass", "answer", "throw", "reject");

  it("runs the first interceptor outermost; the first that answers or fails ends the chain (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(behaviour, { maxLength: 8 }), async (behaviours) => {
        const log: string[] = [];
        const interceptors: Interceptor[] = behaviours.map((b, i) => (next: Next) => async (request, ctx) => {
          log.push(`in${i}`);
          if (b === "answer") return `answer${i}`;
          if (b === "throw") throw new Error(`fail${i}`);
          if (b === "reject") return Promise.reject(new Error(`fail${i}`));
          const out = await next(request, ctx);
          log.push(`out${i}`);
          return out;
        });
        const chain = composeInterceptors(interceptors, async () => {
          log.push("terminal");
          return "done";
        });
        const outcome = await Promise.resolve(chain(null, {} as InterceptorContext)).then(
          (v) => String(v),
          (e: Error) => e.message,
        );
        // The model: walk in until one stops, then unwind the passes.
        const stop = behaviours.findIndex((b) => b !== "pass");
        const depth = stop === -1 ? behaviours.length : stop + 1;
        const want = Array.from({ length: depth }, (_, i) => `in${i}`);
        const failed = stop !== -1 && behaviours[stop] !== "answer";
        if (stop === -1) want.push("terminal");
        if (!failed) for (let i = (stop === -1 ? behaviours.length : stop) - 1; i >= 0; i--) want.push(`out${i}`);
        expect(log).toEqual(want);
        expect(outcome).toBe(stop === -1 ? "done" : behaviours[stop] === "answer" ? `answer${stop}` : `fail${stop}`);
      }),
      { numRuns: 200 },
    );
  });
});
