import { afterEach, describe, expect, it } from "vitest";
import {
  createCluster,
  listenerAddress,
  runWithTrace,
  traceRoot,
  type ClusterNode,
  createRootTraceId,
  currentTraceId,
} from "../../../runtime/index.ts";
import { createMemoryLogger, delay } from "../helpers.ts";

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("trace propagation over %s", (wire) => {
  it("carries one trace across three nodes, each hop re-stamping its node id", async () => {
    const make = (nodeId: number): ClusterNode => {
      const n = createCluster({ wire, nodeId, logger: createMemoryLogger() });
      nodes.push(n);
      return n;
    };
    const a = make(1);
    const b = make(2);
    const c = make(3);
    const seen: { node: string; traceId: bigint; current: bigint | undefined }[] = [];
    const lc = await c.listen("127.0.0.1:0");
    c.handle(2, async (body, ctx) => {
      await delay(1);
      seen.push({ node: "c", traceId: ctx.traceId, current: c.currentTraceId() });
      return body;
    });
    const lb = await b.listen("127.0.0.1:0");
    const toC = await b.connect(listenerAddress(lc));
    b.handle(1, async (body, ctx) => {
      seen.push({ node: "b", traceId: ctx.traceId, current: b.currentTraceId() });
      await delay(1);
      return b.callRaw(toC, 2, body);
    });
    const toB = await a.connect(listenerAddress(lb));

    expect(a.currentTraceId()).toBeUndefined();
    await a.callRaw(toB, 1, Uint8Array.of(1));
    const [hopB, hopC] = seen;
    expect(hopB!.traceId & 0xffffn).toBe(1n);
    expect(hopB!.traceId >> 48n).toBe(1n); // a root made by node 1
    expect(hopC!.traceId & 0xffffn).toBe(2n);
    expect(traceRoot(hopC!.traceId) >> 0n).toBe(traceRoot(hopB!.traceId));
    expect(hopB!.current).toBe(hopB!.traceId);
    expect(hopC!.current).toBe(hopC!.traceId);

    // Inside an existing trace, a's calls carry it (re-stamped with a's node id).
    seen.length = 0;
    const root = (0xabcdn << 48n) | (0x1234n << 32n) | (0x5678n << 16n) | 0x9n;
    await runWithTrace(root, () => a.callRaw(toB, 1, Uint8Array.of(2)));
    expect(seen[0]!.traceId).toBe((root & ~0xffffn) | 1n);
    expect(seen[1]!.traceId).toBe((root & ~0xffffn) | 2n);

    // Two calls outside any trace get different roots.
    seen.length = 0;
    await a.callRaw(toB, 1, Uint8Array.of(3));
    await a.callRaw(toB, 1, Uint8Array.of(4));
    expect(traceRoot(seen[0]!.traceId)).not.toBe(traceRoot(seen[2]!.traceId));
  });
});

describe("trace ids", () => {
  it("makes root ids in silly's layout", () => {
    const id = createRootTraceId(0x1234);
    expect(id & 0xffffn).toBe(0x1234n);
    expect(id >> 48n).toBe(0x1234n);
    expect(createRootTraceId(0x1234)).not.toBe(id);
    expect(traceRoot(id)).toBe(id >> 16n);
  });

  it("carries the trace through async code", async () => {
    expect(currentTraceId()).toBeUndefined();
    const seen = await runWithTrace(42n, async () => {
      await delay(1);
      return currentTraceId();
    });
    expect(seen).toBe(42n);
  });
});
