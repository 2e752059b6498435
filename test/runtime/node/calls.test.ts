import { afterEach, describe, expect, it } from "vitest";
import {
  createCluster,
  isClusterError,
  listenerAddress,
  type ClusterNode,
  type ClusterOptions,
  type Peer,
  type WireVersion,
} from "../../../runtime/index.ts";
import { createMemoryLogger, delay, waitFor } from "../helpers.ts";

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

function node(options: ClusterOptions = {}): ClusterNode {
  const n = createCluster({ logger: createMemoryLogger(), ...options });
  nodes.push(n);
  return n;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

async function pair(wire: WireVersion, server: ClusterOptions = {}, client: ClusterOptions = {}) {
  const s = node({ wire, ...server });
  const listener = await s.listen("127.0.0.1:0");
  const c = node({ wire, ...client });
  const peer = await c.connect(listenerAddress(listener));
  return { s, c, peer, listener };
}

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    if (isClusterError(error)) return error.code;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("calls over %s", (wire) => {
  it("echoes raw bodies", async () => {
    const { s, c, peer } = await pair(wire);
    s.handle(1, (body) => body);
    expect(text(await c.callRaw(peer, 1, bytes("hello")))).toBe("hello");
    expect((await c.callRaw(peer, 1, new Uint8Array())).length).toBe(0);
  });

  it("runs concurrent delayed calls and matches responses to callers", async () => {
    const { s, c, peer } = await pair(wire);
    s.handle(2, async (body) => {
      await delay(body[0]! % 20);
      return body;
    });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => c.callRaw(peer, 2, Uint8Array.of(i, i >> 8, 7))));
    results.forEach((r, i) => {
      expect([...r]).toEqual([i & 255, i >> 8, 7]);
    });
    expect(c.stats().pending).toBe(0);
  });

  it("times out, drops the late response and keeps the connection", async () => {
    const logger = createMemoryLogger();
    const { s, c, peer } = await pair(wire, {}, { logger });
    s.handle(3, async () => {
      await delay(150);
      return bytes("late");
    });
    s.handle(4, (b) => b);
    expect(await reason(c.callRaw(peer, 3, new Uint8Array(), { timeout: 30 }))).toBe("timeout");
    await waitFor(() => logger.lines.some((l) => l.level === "debug" && l.message.includes("not waited on")), 3000);
    expect(peer.connected).toBe(true);
    expect(text(await c.callRaw(peer, 4, bytes("still")))).toBe("still");
  });

  it("applies the node's default timeout (swept in order) next to custom timeouts", async () => {
    const { s, c, peer } = await pair(wire, {}, { timeout: 250 });
    s.handle(1, (b) => (b[0] === 1 ? b : undefined));
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: unknown) => (isClusterError(e) ? e.code : "other"),
      );
    const started = Date.now();
    const results = await Promise.all([
      outcome(c.callRaw(peer, 1, Uint8Array.of(0))),
      outcome(c.callRaw(peer, 1, Uint8Array.of(1))),
      outcome(c.callRaw(peer, 1, Uint8Array.of(0), { timeout: 500 })),
      outcome(c.callRaw(peer, 1, Uint8Array.of(0))),
      outcome(c.callRaw(peer, 1, Uint8Array.of(1), { timeout: 500 })),
    ]);
    expect(results).toEqual(["timeout", "ok", "timeout", "timeout", "ok"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(495);
    expect(c.stats().pending).toBe(0);
    await waitFor(() => c.stats().timers === 0, 2000);
  });

  it("cancels a call with an AbortSignal", async () => {
    const { s, c, peer } = await pair(wire);
    s.handle(5, () => new Promise<Uint8Array>(() => {}));
    const controller = new AbortController();
    const pending = c.callRaw(peer, 5, new Uint8Array(), { signal: controller.signal, timeout: 10000 });
    setTimeout(() => controller.abort(new Error("user")), 20);
    expect(await reason(pending)).toBe("aborted");
    expect(await reason(c.callRaw(peer, 5, new Uint8Array(), { signal: controller.signal }))).toBe("aborted");
    expect(c.stats().pending).toBe(0);
  });

  it("lets a server call back through the accepted peer", async () => {
    const { s, c, peer } = await pair(wire);
    c.handle(10, (body) => bytes(`client saw ${text(body)}`));
    s.handle(11, async (body, ctx) => {
      expect(ctx.peer.origin).toBe("accept");
      const back = await s.callRaw(ctx.peer, 10, body);
      return bytes(`server got [${text(back)}]`);
    });
    expect(text(await c.callRaw(peer, 11, bytes("x")))).toBe("server got [client saw x]");
  });

  it("rejects an oversize request with frame-too-large and writes nothing", async () => {
    const limit = wire === "silly-0.7.0" ? 65535 : 4096;
    const { s, c, peer } = await pair(wire, { limits: { maxFrameBytes: limit } }, { limits: { maxFrameBytes: limit } });
    let seen = 0;
    s.handle(1, (b) => {
      seen++;
      return b;
    });
    const max = limit - 16;
    expect((await c.callRaw(peer, 1, new Uint8Array(max))).length).toBe(max);
    expect(await reason(c.callRaw(peer, 1, new Uint8Array(max + 1)))).toBe("frame-too-large");
    expect(await reason(c.sendRaw(peer, 1, new Uint8Array(max + 1)))).toBe("frame-too-large");
    const error = await c.callRaw(peer, 1, new Uint8Array(max + 1)).catch((e: unknown) => e);
    expect(isClusterError(error) && error.peer === peer.address && error.message.includes(peer.address)).toBe(true);
    expect(c.stats().queuedBytes).toBe(0);
    expect((await c.callRaw(peer, 1, bytes("ok"))).length).toBe(2);
    expect(seen).toBe(2);
    expect(peer.connected).toBe(true);
  });

  it("an oversize response is logged, not sent, and the caller times out", async () => {
    const logger = createMemoryLogger();
    const limit = wire === "silly-0.7.0" ? 65535 : 4096;
    const { s, c, peer } = await pair(wire, { logger, limits: { maxFrameBytes: limit } }, { limits: { maxFrameBytes: limit } });
    s.handle(1, () => new Uint8Array(limit - 3));
    s.handle(2, (b) => b);
    expect(await reason(c.callRaw(peer, 1, new Uint8Array(), { timeout: 100 }))).toBe("timeout");
    expect(logger.lines.some((l) => l.level === "error" && String(l.fields?.["error"]).includes("frame-too-large"))).toBe(true);
    expect(text(await c.callRaw(peer, 2, bytes("fine")))).toBe("fine");
  });

  it("logs a throwing handler and keeps serving", async () => {
    const logger = createMemoryLogger();
    const { s, c, peer } = await pair(wire, { logger });
    s.handle(1, () => {
      throw new Error("boom");
    });
    s.handle(2, async () => {
      throw new Error("async boom");
    });
    s.handle(3, (b) => b);
    expect(await reason(c.callRaw(peer, 1, new Uint8Array(), { timeout: 80 }))).toBe("timeout");
    expect(await reason(c.callRaw(peer, 2, new Uint8Array(), { timeout: 80 }))).toBe("timeout");
    const errors = logger.lines.filter((l) => l.level === "error");
    expect(errors.map((l) => l.fields?.["cmd"])).toEqual([1, 2]);
    expect(errors.every((l) => typeof l.fields?.["peer"] === "string")).toBe(true);
    expect(text(await c.callRaw(peer, 3, bytes("alive")))).toBe("alive");
  });

  it("two peers to one address get separate connections", async () => {
    const s = node({ wire });
    const listener = await s.listen("127.0.0.1:0");
    s.handle(1, (_b, ctx) => bytes(ctx.peer.address));
    const c = node({ wire });
    const a = await c.connect(listenerAddress(listener));
    const b = await c.connect(listenerAddress(listener));
    expect(a).not.toBe(b);
    const [ra, rb] = await Promise.all([c.callRaw(a, 1, new Uint8Array()), c.callRaw(b, 1, new Uint8Array())]);
    expect(text(ra)).not.toBe(text(rb));
    expect(listener.connections).toBe(2);
  });

  it("rejects calls after close with peer-closed", async () => {
    const { s, c, peer } = await pair(wire);
    s.handle(1, () => new Promise<Uint8Array>(() => {}));
    // Its outcome is taken at once: the call rejects while close() still waits for its flush.
    const inflight = reason(c.callRaw(peer, 1, new Uint8Array(), { timeout: 10000 }));
    await c.close(peer);
    expect(await inflight).toBe("peer-closed");
    expect(await reason(c.callRaw(peer, 1, new Uint8Array()))).toBe("peer-closed");
    expect(await reason(c.sendRaw(peer, 1, new Uint8Array()))).toBe("peer-closed");
    expect(peer.closed).toBe(true);
  });

  it("send is a real request: the handler runs and its response is dropped", async () => {
    const got: string[] = [];
    const { s, c, peer } = await pair(wire);
    s.handle(9, (b) => {
      got.push(text(b));
      return b;
    });
    await c.sendRaw(peer, 9, bytes("one-way"));
    await waitFor(() => got.length === 1);
    expect(got).toEqual(["one-way"]);
    expect(c.stats().pending).toBe(0);
  });

  it("wraps sessions at 0x7fffffff to 0", async () => {
    const sessions: number[] = [];
    const { s, c, peer } = await pair(wire, {}, { firstSession: 0x7ffffffe });
    s.handle(1, (b, ctx) => {
      sessions.push(ctx.session);
      return b;
    });
    for (let i = 0; i < 4; i++) await c.callRaw(peer, 1, Uint8Array.of(i));
    expect(sessions).toEqual([0x7ffffffe, 0x7fffffff, 0, 1]);
  });

  it("marshals through options and the call handler", async () => {
    const codec: Pick<ClusterOptions, "marshal" | "unmarshal"> = {
      marshal: (_type, cmd, body) => [cmd === "add" ? 7 : Number(cmd), bytes(JSON.stringify(body))],
      unmarshal: (_type, _cmd, b) => JSON.parse(text(b)) as unknown,
    };
    const calls: number[] = [];
    const { c, peer } = await pair(
      wire,
      {
        ...codec,
        call: (_peer, cmd, body) => {
          calls.push(cmd);
          const { a, b } = body as { a: number; b: number };
          return cmd === 7 ? { sum: a + b } : undefined;
        },
      },
      codec,
    );
    expect(await c.call(peer, "add", { a: 10, b: 20 })).toEqual({ sum: 30 });
    await c.send(peer, "add", { a: 1, b: 2 });
    await waitFor(() => calls.length === 2);
    expect(calls).toEqual([7, 7]);
  });

  it("logs an unmarshal failure with peer, cmd and trace id, and keeps serving", async () => {
    const logger = createMemoryLogger();
    const { c, peer } = await pair(wire, {
      logger,
      marshal: (_t, cmd, body) => [Number(cmd), body as Uint8Array],
      unmarshal: (_t, cmd, b) => {
        if (cmd === 66) throw new Error("bad bytes");
        return b;
      },
      call: (_p, _cmd, body) => body,
    });
    expect(await reason(c.callRaw(peer, 66, bytes("x"), { timeout: 80 }))).toBe("timeout");
    const line = logger.lines.find((l) => l.level === "error");
    expect(line?.message).toContain("unmarshal");
    expect(line?.fields?.["cmd"]).toBe(66);
    expect(line?.fields?.["traceId"]).toMatch(/^[0-9a-f]{16}$/);
    expect(line?.fields?.["error"]).toEqual(new Error("bad bytes"));
    expect(text(await c.callRaw(peer, 67, bytes("y")))).toBe("y");
  });

  it("moves many large bodies produced in one tick intact (output growth and socket back-pressure)", async () => {
    const size = wire === "silly-0.7.0" ? 60000 : 200000;
    const { s, c, peer } = await pair(wire);
    s.handle(1, (b) => b);
    const bodies = Array.from({ length: 60 }, (_, i) => Buffer.alloc(size, i + 1));
    const results = await Promise.all(bodies.map((b) => c.callRaw(peer, 1, b, { timeout: 15000 })));
    results.forEach((r, i) => {
      expect(r.length).toBe(size);
      expect(r[0]).toBe(i + 1);
      expect(r[size - 1]).toBe(i + 1);
    });
  });

  it("refuses a second handler for one cmd and unregisters", async () => {
    const { s, c, peer } = await pair(wire, { call: () => bytes("fallback") });
    const off = s.handle(1, () => bytes("raw"));
    expect(() => s.handle(1, () => undefined)).toThrow(/invalid-argument/);
    expect(text(await c.callRaw(peer, 1, new Uint8Array()))).toBe("raw");
    off();
    expect(text(await c.callRaw(peer, 1, new Uint8Array()))).toBe("fallback");
  });

  it("queues 10k+ frames in one tick and answers them all", async () => {
    const { s, c, peer } = await pair(wire);
    s.handle(1, (b) => b);
    const n = 12000;
    const all = await Promise.all(Array.from({ length: n }, (_, i) => c.callRaw(peer, 1, Uint8Array.of(i & 255, i >> 8))));
    expect(all.every((r, i) => r[0] === (i & 255) && r[1] === i >> 8)).toBe(true);
    expect(c.stats().pending).toBe(0);
    expect(c.stats().timers).toBe(0);
  });
});

describe("peer identity", () => {
  it("rejects a peer of another node", async () => {
    const a = node();
    const b = node({ connectMode: "lazy" });
    const p: Peer = await b.connect("127.0.0.1:1");
    expect(await reason(a.callRaw(p, 1, new Uint8Array()))).toBe("invalid-argument");
  });
});
