import { afterEach, describe, expect, it } from "vitest";
import { createCluster, listenerAddress, runWithTrace, type CallContext, type ClusterNode } from "../../../runtime/index.ts";
import { createMemoryLogger } from "../helpers.ts";

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

interface Seen {
  readonly ctx: CallContext;
  readonly traceId: bigint;
  readonly current: bigint | undefined;
}

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("request context over %s", (wire) => {
  it("gives sync handlers the request's fields and trace, for small and large trace ids", async () => {
    const server = createCluster({ wire, nodeId: 7, logger: createMemoryLogger() });
    const client = createCluster({ wire, nodeId: 0x4321, logger: createMemoryLogger() });
    nodes.push(server, client);
    const seen: Seen[] = [];
    server.handle(9, (body, ctx) => {
      seen.push({ ctx, traceId: ctx.traceId, current: server.currentTraceId() });
      return body;
    });
    const listener = await server.listen("127.0.0.1:0");
    const peer = await client.connect(listenerAddress(listener));
    // High word below 2^21 (one-conversion path), then with every bit set (shift path).
    const roots = [(0x0001n << 48n) | (0x0002n << 32n) | 0x0003_0000n, (1n << 64n) - 1n];
    for (const root of roots) {
      const answer = await runWithTrace(root, () => client.callRaw(peer, 9, Uint8Array.of(1, 2, 3)));
      expect([...answer]).toEqual([1, 2, 3]);
    }
    expect(seen).toHaveLength(2);
    roots.forEach((root, i) => {
      const { ctx, traceId, current } = seen[i]!;
      const want = (root & ~0xffffn) | 0x4321n;
      expect(traceId).toBe(want);
      expect(current).toBe(want);
      expect(ctx.traceId).toBe(want); // read again after the handler returned
      expect(ctx.cmd).toBe(9);
      expect(typeof ctx.session).toBe("number");
      expect(ctx.peer).toBe(server.peers()[0]);
    });
    expect(seen[0]!.ctx.session).not.toBe(seen[1]!.ctx.session);
    expect(server.currentTraceId()).toBeUndefined();
  });

  it("logs a rejected handler's failure with the request's trace id", async () => {
    const logger = createMemoryLogger();
    const server = createCluster({ wire, nodeId: 5, logger });
    const client = createCluster({ wire, nodeId: 6, logger: createMemoryLogger() });
    nodes.push(server, client);
    let traced: bigint | undefined;
    server.handle(3, async (_body, ctx) => {
      traced = ctx.traceId;
      await Promise.resolve();
      throw new RangeError("nope");
    });
    const listener = await server.listen("127.0.0.1:0");
    const peer = await client.connect(listenerAddress(listener));
    const root = (0xbeefn << 48n) | (0x1111n << 32n) | (0x2222n << 16n) | 0x1n;
    const outcome = await runWithTrace(root, () =>
      client.callRaw(peer, 3, Uint8Array.of(0), { timeout: 60 }).then(
        () => "answered",
        (error: unknown) => (error as { code?: string }).code,
      ),
    );
    expect(outcome).toBe("timeout");
    const line = logger.lines.find((l) => l.level === "error");
    expect(line?.message).toContain("handler failed");
    expect(traced).toBe((root & ~0xffffn) | 6n);
    expect(line?.fields?.["traceId"]).toBe(traced?.toString(16).padStart(16, "0"));
    expect(line?.fields?.["error"]).toBeInstanceOf(RangeError);
  });
});
