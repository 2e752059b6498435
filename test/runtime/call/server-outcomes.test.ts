/**
 * What the caller sees for each way a request can end on the server, over real sockets and
 * silly's wire (no error frame, no deadline field): a handler that answers, throws, outlives its
 * handler timeout, loses its connection, or runs while the node shuts down; a server interceptor
 * that rejects or answers by itself; a client interceptor that rejects. Also `ctx.signal`: when it
 * aborts, with which reason, and that it stays quiet once the request is done.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CalcService, type Sum } from "../../../generated/calc.ts";
import type { ClusterError } from "../../../runtime/core/errors.ts";
import type { Interceptor } from "../../../runtime/call/interceptor.ts";
import { createServiceClient } from "../../../runtime/rpc/client.ts";
import type { CallContext } from "../../../runtime/call/handler.ts";
import { calcPair, closeAll, rejection } from "../fixtures/calc-pair.ts";
import { waitFor } from "../helpers.ts";

afterEach(closeAll);

const codeOf = (error: unknown): string | undefined => (error as ClusterError | undefined)?.code;

/** A promise and its resolver. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("server outcomes over %s", (wire) => {
  it("handler answers: the caller gets the response", async () => {
    const pair = await calcPair({ server: { wire }, client: { wire } });
    await expect(createServiceClient(pair.client, pair.peer, CalcService).add({ a: 1, b: 2 })).resolves.toEqual({ result: 3 });
  });

  it("handler throws or rejects: nothing is sent, the caller times out, the server logs the error", async () => {
    const pair = await calcPair({
      server: { wire },
      client: { wire },
      impl: {
        add: () => {
          throw new Error("sync boom");
        },
        slowAdd: async () => Promise.reject(new Error("async boom")),
      },
    });
    const calc = createServiceClient(pair.client, pair.peer, CalcService);
    expect(codeOf(await rejection(calc.add({}, { timeout: 150 })))).toBe("timeout");
    expect(codeOf(await rejection(calc.slowAdd({}, { timeout: 150 })))).toBe("timeout");
    const failures = pair.server.log.lines.filter((l) => l.level === "error" && l.message.startsWith("handler failed"));
    // The user's errors as they were thrown (not relabelled `internal`), under the method's name.
    expect(failures.map((l) => (l.fields?.["error"] as Error | undefined)?.message)).toEqual(["sync boom", "async boom"]);
    expect(failures.map((l) => l.fields?.["method"])).toEqual(["calc/add", "calc/slow_add"]);
  });

  it("handler timeout passes: ctx.signal aborts with `timeout`, a warning is logged, the late answer is never sent", async () => {
    const release = deferred<void>();
    const seen: { signal?: AbortSignal } = {};
    const pair = await calcPair({
      server: { wire, handlerTimeout: 80 },
      client: { wire },
      impl: {
        slowAdd: async (_req, ctx) => {
          seen.signal = ctx.signal;
          await release.promise;
          return { result: 7 };
        },
      },
    });
    const calc = createServiceClient(pair.client, pair.peer, CalcService);
    const call = calc.slowAdd({}, { timeout: 3000 });
    await waitFor(() => seen.signal?.aborted === true, 5000, "the handler's signal to abort");
    expect(codeOf(seen.signal?.reason)).toBe("timeout");
    const warning = pair.server.log.lines.find((l) => l.level === "warn" && l.message.startsWith("handler timed out"));
    expect(warning?.fields).toMatchObject({ method: "calc/slow_add", cmd: CalcService.methods.slowAdd.cmd, timeout: 80 });
    // The handler finishes now, well within the caller's timeout: had anything been sent, the call would resolve.
    release.resolve();
    expect(codeOf(await rejection(call))).toBe("timeout");
    // The connection is fine for the next call.
    await expect(calc.add({ a: 1 })).resolves.toEqual({ result: 1 });
  });

  it("a service's handler timeout overrides the node's, and sync handlers are never abandoned", async () => {
    const pair = await calcPair({
      server: { wire, handlerTimeout: 0 },
      client: { wire },
      serve: { handlerTimeout: 50 },
      impl: { slowAdd: () => new Promise<Sum>(() => undefined) },
    });
    const calc = createServiceClient(pair.client, pair.peer, CalcService);
    const call = calc.slowAdd({}, { timeout: 2000 });
    await waitFor(() => pair.server.log.lines.some((l) => l.message.startsWith("handler timed out")), 5000, "the abandon warning");
    expect(codeOf(await rejection(call))).toBe("timeout");
    await expect(calc.add({ a: 4, b: 4 })).resolves.toEqual({ result: 8 });
  });

  it("connection drops: ctx.signal aborts with `closed`, the caller (who closed) gets peer-closed", async () => {
    const seen: { signal?: AbortSignal } = {};
    const pair = await calcPair({
      server: { wire },
      client: { wire },
      impl: {
        slowAdd: (_req, ctx) =>
          new Promise<Sum>((_, reject) => {
            seen.signal = ctx.signal;
            ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason));
          }),
      },
    });
    const failed = rejection(createServiceClient(pair.client, pair.peer, CalcService).slowAdd({}, { timeout: 5000 }));
    await waitFor(() => seen.signal !== undefined, 5000, "the handler to start");
    await pair.client.close(pair.peer);
    expect(codeOf(await failed)).toBe("peer-closed");
    await waitFor(() => seen.signal?.aborted === true, 5000, "the handler's signal to abort");
    expect(codeOf(seen.signal?.reason)).toBe("closed");
  });

  it("node shuts down: ctx.signal aborts with `closed`, the caller gets closed", async () => {
    const seen: { signal?: AbortSignal } = {};
    const pair = await calcPair({
      server: { wire },
      client: { wire },
      impl: {
        slowAdd: (_req, ctx) => {
          seen.signal = ctx.signal;
          return new Promise<Sum>(() => undefined);
        },
      },
    });
    const call = createServiceClient(pair.client, pair.peer, CalcService).slowAdd({}, { timeout: 5000 });
    const failed = rejection(call);
    await waitFor(() => seen.signal !== undefined, 5000, "the handler to start");
    await pair.server.shutdown();
    expect(codeOf(await failed)).toBe("closed");
    expect(seen.signal?.aborted).toBe(true);
    expect(codeOf(seen.signal?.reason)).toBe("closed");
  });

  it("server interceptor rejects: like a throwing handler (caller times out, error logged); answering itself: the caller gets its answer", async () => {
    let handled = 0;
    const gate: Interceptor = (next) => async (request, ctx) => {
      if (ctx.side === "server" && ctx.method?.name === "add") throw new Error("not allowed");
      if (ctx.side === "server" && ctx.method?.name === "slow_add") return { result: -1 };
      return next(request, ctx);
    };
    const pair = await calcPair({
      server: { wire, interceptors: [gate] },
      client: { wire },
      impl: { add: () => (handled++, { result: 0 }), slowAdd: () => (handled++, { result: 0 }) },
    });
    const calc = createServiceClient(pair.client, pair.peer, CalcService);
    expect(codeOf(await rejection(calc.add({}, { timeout: 150 })))).toBe("timeout");
    expect(pair.server.log.lines.some((l) => l.level === "error" && (l.fields?.["error"] as Error)?.message === "not allowed")).toBe(true);
    await expect(calc.slowAdd({})).resolves.toEqual({ result: -1 });
    expect(handled).toBe(0);
  });

  it("ctx.signal read by a finished request never aborts later; read after the connection closed it is aborted at once", async () => {
    const signals: AbortSignal[] = [];
    const contexts: CallContext[] = [];
    const pair = await calcPair({
      server: { wire },
      client: { wire },
      impl: {
        add: (_req, ctx) => {
          signals.push(ctx.signal);
          return { result: 1 };
        },
        slowAdd: (_req, ctx) => {
          contexts.push(ctx);
          return new Promise<Sum>(() => undefined);
        },
      },
    });
    const calc = createServiceClient(pair.client, pair.peer, CalcService);
    await calc.add({});
    const pending = rejection(calc.slowAdd({}, { timeout: 5000 }));
    await waitFor(() => contexts.length === 1, 5000, "the slow handler to start");
    await pair.client.close(pair.peer);
    await pending;
    await waitFor(() => pair.server.stats().connections === 0, 5000, "the server to see the close");
    expect(signals[0]!.aborted).toBe(false);
    expect(contexts[0]!.signal.aborted).toBe(true);
    expect(codeOf(contexts[0]!.signal.reason)).toBe("closed");
  });
});
