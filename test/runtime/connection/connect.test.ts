import { afterEach, describe, expect, it } from "vitest";
import * as net from "node:net";
import {
  createCluster,
  isClusterError,
  listenerAddress,
  type ClusterNode,
  type ClusterOptions,
  type Listener,
} from "../../../runtime/index.ts";
import { createMemoryLogger, delay, freePort, startRawServer, waitFor, type RawServer } from "../helpers.ts";

const nodes: ClusterNode[] = [];
const raws: RawServer[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
  await Promise.all(raws.splice(0).map((r) => r.close()));
});

function node(options: ClusterOptions = {}): ClusterNode {
  const n = createCluster({ logger: createMemoryLogger(), ...options });
  nodes.push(n);
  return n;
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (error) {
    if (isClusterError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a rejection");
}

const empty = new Uint8Array();

describe("connecting", () => {
  it("eager connect fails with connect-failed on a closed port", async () => {
    const port = await freePort();
    const c = node();
    const f = await failure(c.connect(`127.0.0.1:${port}`));
    expect(f.code).toBe("connect-failed");
    expect(f.message).toContain(`127.0.0.1:${port}`);
    expect(c.peers()).toHaveLength(0);
  });

  it("lazy connect returns at once and connects on first use", async () => {
    const s = node();
    const listener = await s.listen("127.0.0.1:0");
    s.handle(1, (b) => b);
    const c = node({ connectMode: "lazy" });
    const peer = await c.connect(listenerAddress(listener));
    expect(peer.connected).toBe(false);
    await delay(20);
    expect(listener.connections).toBe(0);
    expect([...(await c.callRaw(peer, 1, Uint8Array.of(5)))]).toEqual([5]);
    expect(peer.connected).toBe(true);
  });

  it("sendRaw on a lazy peer connects first and reports remote closes to the close callback", async () => {
    const got: number[] = [];
    const reasons: string[] = [];
    const s = node();
    s.handle(4, (b) => {
      got.push(b[0]!);
      return undefined;
    });
    const listener = await s.listen("127.0.0.1:0");
    const c = node({ connectMode: "lazy", close: (_p, r) => reasons.push(r) });
    const peer = await c.connect(listenerAddress(listener));
    await c.sendRaw(peer, 4, Uint8Array.of(42));
    await waitFor(() => got.length === 1);
    expect(got).toEqual([42]);
    await s.shutdown();
    await waitFor(() => reasons.length === 1);
    expect(reasons[0]).toBe("remote closed");
    await c.closeAll();
    expect(c.peers()).toHaveLength(0);
    expect(peer.closed).toBe(true);
  });

  it("rejects listen-failed on an address in use", async () => {
    const s = node();
    const listener = await s.listen("127.0.0.1:0");
    const f = await failure(node().listen(listenerAddress(listener)));
    expect(f.code).toBe("listen-failed");
    expect(f.message).toContain(String(listener.address.port));
  });

  it("names the host when name resolution fails", async () => {
    const c = node();
    const f = await failure(c.connect("no-such-host.invalid:4000"));
    expect(f.code).toBe("connect-failed");
    expect(f.message).toContain("no-such-host.invalid");
  });

  it("works over [::1] when IPv6 loopback is available", async ({ skip }) => {
    const s = node();
    let listener: Listener;
    try {
      listener = await s.listen("[::1]:0");
    } catch {
      skip("no IPv6 loopback on this machine"); // reported as skipped, not as passed
      return;
    }
    s.handle(1, (b) => b);
    const c = node();
    const peer = await c.connect(`[::1]:${listener.address.port}`);
    expect([...(await c.callRaw(peer, 1, Uint8Array.of(6)))]).toEqual([6]);
  });

  it("close during an in-flight connect rejects the call with peer-closed and leaves no connection", async () => {
    const raw = await startRawServer();
    raws.push(raw);
    const c = node({ connectMode: "lazy" });
    const peer = await c.connect(`127.0.0.1:${raw.port}`);
    const call = c.callRaw(peer, 1, empty);
    await c.close(peer);
    expect((await failure(call)).code).toBe("peer-closed");
    await delay(50);
    expect(c.stats().connections).toBe(0);
    expect((await failure(c.callRaw(peer, 1, empty))).code).toBe("peer-closed");
  });

  it("shares one reconnect among concurrent callers (one TCP connection)", async () => {
    let accepted = 0;
    const s = node({ accept: () => void accepted++ });
    const listener = await s.listen("127.0.0.1:0");
    s.handle(1, (b) => b);
    const c = node();
    const peer = await c.connect(listenerAddress(listener));
    await Promise.all(Array.from({ length: 50 }, () => c.callRaw(peer, 1, Uint8Array.of(1))));
    expect(accepted).toBe(1);
    // Drop it from the server side, then 50 concurrent callers reconnect through one connection.
    for (const p of s.peers()) await s.close(p);
    await waitFor(() => !peer.connected);
    await Promise.all(Array.from({ length: 50 }, () => c.callRaw(peer, 1, Uint8Array.of(2))));
    expect(accepted).toBe(2);
    expect(listener.connections).toBe(1);
    expect(c.stats().connections).toBe(1);
  });

  it("counts accepted connections: concurrent first calls on a lazy peer open exactly one", async () => {
    let accepted = 0;
    const s = node({ accept: () => void accepted++ });
    const listener = await s.listen("127.0.0.1:0");
    s.handle(1, (b) => b);
    const c = node({ connectMode: "lazy" });
    const peer = await c.connect(listenerAddress(listener));
    await Promise.all(Array.from({ length: 100 }, () => c.callRaw(peer, 1, empty)));
    expect(accepted).toBe(1);
  });

  it("reconnects after the server closes and comes back on the same port", async () => {
    const s1 = createCluster({ logger: createMemoryLogger() });
    const l1 = await s1.listen("127.0.0.1:0");
    const port = l1.address.port;
    s1.handle(1, () => Uint8Array.of(1));
    const c = node({ reconnect: { initialDelay: 10, maxDelay: 50 } });
    const peer = await c.connect(`127.0.0.1:${port}`);
    expect([...(await c.callRaw(peer, 1, empty))]).toEqual([1]);
    await s1.shutdown();
    await waitFor(() => !peer.connected);
    expect((await failure(c.callRaw(peer, 1, empty))).code).toBe("connect-failed");
    const s2 = node();
    s2.handle(1, () => Uint8Array.of(2));
    await s2.listen(`127.0.0.1:${port}`);
    let result: number[] = [];
    await waitFor(() => {
      c.callRaw(peer, 1, empty).then(
        (r) => (result = [...r]),
        () => {},
      );
      return result.length > 0;
    }, 5000);
    expect(result).toEqual([2]);
  });

  it("backs off between failed attempts (calls in between share the wait)", async () => {
    const port = await freePort();
    const c = node({ connectMode: "lazy", reconnect: { initialDelay: 100, maxDelay: 400, jitter: 0 } });
    const peer = await c.connect(`127.0.0.1:${port}`);
    const t0 = Date.now();
    expect((await failure(c.callRaw(peer, 1, empty))).code).toBe("connect-failed");
    const t1 = Date.now();
    expect((await failure(c.callRaw(peer, 1, empty))).code).toBe("connect-failed");
    const t2 = Date.now();
    expect((await failure(c.callRaw(peer, 1, empty))).code).toBe("connect-failed");
    const t3 = Date.now();
    // Lower bounds that hold however late this test resumes: attempt n+1 starts at least the
    // backoff (100 ms, then 200 ms) after attempt n failed, and no failure precedes t0. The first
    // attempt is refused at once (a generous bound: the machine may be busy).
    expect(t1 - t0).toBeLessThan(5000);
    expect(t2 - t0).toBeGreaterThanOrEqual(100);
    expect(t3 - t0).toBeGreaterThanOrEqual(300);
  });

  it("fails fast: calls in flight reject closed when the connection drops, not after the timeout", async () => {
    const s = node();
    const listener = await s.listen("127.0.0.1:0");
    s.handle(1, () => new Promise<Uint8Array>(() => {}));
    const c = node();
    const peer = await c.connect(listenerAddress(listener));
    const calls = Array.from({ length: 100 }, () => failure(c.callRaw(peer, 1, empty, { timeout: 60000 })));
    await waitFor(() => s.stats().connections === 1 && c.stats().pending === 100);
    const started = Date.now();
    await s.shutdown();
    const codes = await Promise.all(calls);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(new Set(codes.map((f) => f.code))).toEqual(new Set(["closed"]));
    expect(c.stats().pending).toBe(0);
    expect(c.stats().timers).toBe(0);
  });

  it("a peer from accept rejects peer-closed once its connection is gone", async () => {
    const s = node();
    const listener = await s.listen("127.0.0.1:0");
    const c = node();
    const peer = await c.connect(listenerAddress(listener));
    await waitFor(() => s.peers().length === 1);
    const accepted = s.peers()[0]!;
    await c.close(peer);
    await waitFor(() => accepted.closed);
    expect((await failure(s.callRaw(accepted, 1, empty))).code).toBe("peer-closed");
  });
});

describe("admission and limits", () => {
  it("a refused connection is closed before any of its frames is dispatched", async () => {
    let handled = 0;
    const reasons: string[] = [];
    const s = node({
      accept: async () => {
        await delay(20);
        return false;
      },
      close: (_p, reason) => reasons.push(reason),
    });
    s.handle(1, () => {
      handled++;
      return empty;
    });
    const listener = await s.listen("127.0.0.1:0");
    const c = node();
    const peer = await c.connect(listenerAddress(listener));
    const call = failure(c.callRaw(peer, 1, empty, { timeout: 3000 }));
    expect((await call).code).toBe("closed");
    expect(handled).toBe(0);
    expect(reasons).toEqual(["refused by accept hook"]);
    const s2 = node({
      accept: () => {
        throw new Error("not you");
      },
    });
    s2.handle(1, () => {
      handled++;
      return empty;
    });
    const l2 = await s2.listen("127.0.0.1:0");
    const p2 = await c.connect(listenerAddress(l2));
    expect((await failure(c.callRaw(p2, 1, empty, { timeout: 3000 }))).code).toBe("closed");
    expect(handled).toBe(0);
  });

  it("the accept hook sees the peer address and can admit", async () => {
    const seen: string[] = [];
    const s = node({ accept: (peer, addr) => void seen.push(`${peer.origin} ${addr}`) });
    s.handle(1, (b) => b);
    const listener = await s.listen("127.0.0.1:0");
    const c = node();
    const peer = await c.connect(listenerAddress(listener));
    expect([...(await c.callRaw(peer, 1, Uint8Array.of(3)))]).toEqual([3]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^accept 127\.0\.0\.1:\d+$/);
  });

  it("closes connections beyond maxConnections", async () => {
    const s = node({ limits: { maxConnections: 2 } });
    s.handle(1, (b) => b);
    const listener = await s.listen("127.0.0.1:0");
    const c = node();
    const peers = await Promise.all([0, 1, 2].map(() => c.connect(listenerAddress(listener))));
    const results = await Promise.all(
      peers.map((p) =>
        c.callRaw(p, 1, Uint8Array.of(1), { timeout: 3000 }).then(
          () => "ok",
          (e: unknown) => (isClusterError(e) ? e.code : "other"),
        ),
      ),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(2);
    expect(results.filter((r) => r === "closed")).toHaveLength(1);
    expect(listener.connections).toBe(2);
  });

  it("rejects calls beyond maxPendingCalls with too-many-pending", async () => {
    const s = node();
    s.handle(1, () => new Promise<Uint8Array>(() => {}));
    const listener = await s.listen("127.0.0.1:0");
    const c = node({ limits: { maxPendingCalls: 3 } });
    const peer = await c.connect(listenerAddress(listener));
    const held = [1, 2, 3].map(() => c.callRaw(peer, 1, empty, { timeout: 10000 }).catch(() => {}));
    expect((await failure(c.callRaw(peer, 1, empty))).code).toBe("too-many-pending");
    await c.close(peer);
    await Promise.all(held);
  });

  it("bounds the outgoing queue when the peer stops reading (queue-full)", async () => {
    const raw = await startRawServer((socket) => socket.pause());
    raws.push(raw);
    const c = node({ wire: "silly-0.7.1", limits: { maxQueueBytes: 256 * 1024 } });
    const peer = await c.connect(`127.0.0.1:${raw.port}`);
    const body = new Uint8Array(32 * 1024);
    let full = false;
    for (let i = 0; i < 2000 && !full; i++) {
      try {
        await c.sendRaw(peer, 1, body);
      } catch (error) {
        full = isClusterError(error, "queue-full");
        if (!full) throw error;
      }
      if (i % 8 === 0) await delay(1);
    }
    expect(full).toBe(true);
    expect(c.stats().queuedBytes).toBeLessThanOrEqual(256 * 1024);
    expect(peer.connected).toBe(true);
  });

  it("closes a connection idle for longer than idleTimeout", async () => {
    const reasons: string[] = [];
    const s = node({ limits: { idleTimeout: 80 }, close: (_p, r) => reasons.push(r) });
    const listener = await s.listen("127.0.0.1:0");
    const socket = net.connect(listener.address.port, "127.0.0.1");
    socket.on("error", () => {});
    await waitFor(() => reasons.length === 1, 5000);
    expect(reasons[0]).toMatch(/idle/);
    socket.destroy();
  });
});

describe("a connection lost to a socket error", () => {
  it("rejects its calls with closed, the socket's error as the cause (ECONNRESET from a peer that resets)", async () => {
    let accepted: net.Socket | undefined;
    let received = 0;
    const server = net.createServer((socket) => {
      // Reads the request, never answers; the test resets the connection.
      accepted = socket;
      socket.on("data", (chunk) => (received += chunk.length));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const c = node({ timeout: 30_000 });
      const peer = await c.connect(`127.0.0.1:${port}`);
      const call = c.callRaw(peer, 1, Uint8Array.of(1));
      call.catch(() => undefined);
      await waitFor(() => received > 0, 5000, "the request to arrive");
      accepted?.resetAndDestroy();
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isClusterError(error) && error.code).toBe("closed");
      expect((error as Error).message).toContain("socket error: read ECONNRESET");
      expect(((error as Error).cause as NodeJS.ErrnoException | undefined)?.code).toBe("ECONNRESET");
    } finally {
      server.close();
    }
  });
});
