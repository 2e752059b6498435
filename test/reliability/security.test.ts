/**
 * Security limits: safe, documented defaults; every limit configurable; the connection limit under
 * a flood; admission through the `accept` hook (a refused peer's frames are never dispatched); and a
 * malicious 0.7.1 peer announcing huge frames cannot make the node hold more than arrived or more
 * than the node-wide budget.
 */
import { afterEach, describe, expect, it } from "vitest";
import type * as net from "node:net";
import {
  createCluster,
  createFramer,
  createSilentLogger,
  listenerAddress,
  type ClusterNode,
  type ClusterOptions,
} from "../../runtime/index.ts";
import { resolveLimits } from "../../runtime/connection/limits.ts";
import { delay, rawConnect, waitFor } from "../runtime/helpers.ts";

const nodes: ClusterNode[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

function node(options: ClusterOptions = {}): ClusterNode {
  const n = createCluster({ logger: createSilentLogger(), ...options });
  nodes.push(n);
  return n;
}

async function open(port: number): Promise<net.Socket> {
  const s = await rawConnect(port);
  s.on("error", () => {});
  sockets.push(s);
  return s;
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once("close", () => resolve())));
}

const MiB = 1024 * 1024;

describe("limits", () => {
  it("have the documented defaults", () => {
    const common = {
      softFrameBytes: 65535,
      maxPendingCalls: 65536,
      maxConcurrentRequests: 1024,
      maxConnections: 10000,
      maxQueueBytes: 16 * MiB,
      idleTimeout: 0,
      partialFrameTimeout: 30000,
      maxBufferedBytes: 256 * MiB,
    };
    expect(resolveLimits("silly-0.7.0")).toEqual({ maxFrameBytes: 65535, ...common });
    expect(resolveLimits("silly-0.7.1")).toEqual({ maxFrameBytes: 128 * MiB, ...common });
    expect(resolveLimits("silly-0.7.1", { maxFrameBytes: 0xffffffff }).maxBufferedBytes).toBe(2 * 0xffffffff);
  });

  it("are all configurable and validated", () => {
    const custom = {
      maxFrameBytes: 1000,
      softFrameBytes: 500,
      maxPendingCalls: 10,
      maxConcurrentRequests: 7,
      maxConnections: 5,
      maxQueueBytes: 4096,
      idleTimeout: 100,
      partialFrameTimeout: 200,
      maxBufferedBytes: 8192,
    };
    expect(resolveLimits("silly-0.7.1", custom)).toEqual(custom);
    for (const key of Object.keys(custom)) {
      expect(() => resolveLimits("silly-0.7.1", { [key]: -1 }), key).toThrow(/invalid-argument/);
    }
  });
});

describe("connection flood", () => {
  it("holds a listener to maxConnections and serves again once the flood is gone", async () => {
    const server = node({ limits: { maxConnections: 20 } });
    server.handle(1, (b) => b);
    const listener = await server.listen("127.0.0.1:0");
    const flood = await Promise.all(Array.from({ length: 100 }, () => open(listener.address.port)));
    await waitFor(() => flood.filter((s) => s.destroyed).length === 80, 5000, "80 excess connections closed");
    expect(listener.connections).toBe(20);
    for (const s of flood) s.destroy();
    await waitFor(() => listener.connections === 0, 5000, "flood gone");
    const client = node();
    const peer = await client.connect(listenerAddress(listener));
    expect((await client.callRaw(peer, 1, Uint8Array.of(3)))[0]).toBe(3);
  });
});

describe("admission through the accept hook", () => {
  it("never dispatches a frame from a refused peer, even one sent before the verdict", async () => {
    let handled = 0;
    const reasons: string[] = [];
    const server = node({
      accept: async () => {
        await delay(100);
        return false;
      },
      close: (_p, r) => reasons.push(r),
    });
    server.handle(1, () => {
      handled++;
      return Uint8Array.of(1);
    });
    const listener = await server.listen("127.0.0.1:0");
    const s = await open(listener.address.port);
    const framer = createFramer({ wire: "silly-0.7.0" });
    for (let i = 0; i < 50; i++) s.write(framer.encodeRequest({ session: i, cmd: 1, traceId: 0n, body: Uint8Array.of(i) }));
    await closed(s);
    expect(handled).toBe(0);
    expect(reasons).toEqual(["refused by accept hook"]);
  });

  it("admits by address and refuses when the hook throws", async () => {
    let handled = 0;
    let calls = 0;
    const server = node({
      accept: (_peer, addr) => {
        calls++;
        if (calls === 2) throw new Error("hook failure");
        return addr.startsWith("127.0.0.1:");
      },
    });
    server.handle(1, (b) => {
      handled++;
      return b;
    });
    const listener = await server.listen("127.0.0.1:0");
    const ok = node({ timeout: 500 });
    const okPeer = await ok.connect(listenerAddress(listener));
    expect((await ok.callRaw(okPeer, 1, Uint8Array.of(1), { timeout: 10_000 }))[0]).toBe(1);
    const refused = node({ timeout: 500 });
    const refusedPeer = await refused.connect(listenerAddress(listener));
    await expect(refused.callRaw(refusedPeer, 1, Uint8Array.of(2))).rejects.toMatchObject({
      code: expect.stringMatching(/closed|timeout/),
    });
    expect(handled).toBe(1);
  });
});

describe("a malicious 0.7.1 peer announcing huge frames", () => {
  it("makes the node hold what arrived (not what was announced), up to the node-wide budget", async () => {
    const server = node({ wire: "silly-0.7.1", limits: { maxBufferedBytes: 16 * MiB } });
    server.handle(1, (b) => b);
    const listener = await server.listen("127.0.0.1:0");
    const s = await open(listener.address.port);
    const header = Buffer.alloc(4);
    header.writeUInt32LE(128 * MiB); // the default 0.7.1 limit itself: legal
    s.write(header);
    s.write(Buffer.alloc(2 * MiB));
    await waitFor(() => server.stats().bufferedBytes >= 2 * MiB, 5000, "2 MiB buffered");
    expect(server.stats().bufferedBytes).toBeLessThan(3 * MiB);
    const rest = Buffer.alloc(MiB);
    let maxSeen = 0;
    while (!s.destroyed && maxSeen < 64 * MiB) {
      s.write(rest);
      await delay(1);
      maxSeen = Math.max(maxSeen, server.stats().bufferedBytes);
    }
    await closed(s);
    expect(maxSeen).toBeLessThanOrEqual(16 * MiB + 64 * 1024);
    expect(server.stats().bufferedBytes).toBe(0);
    const client = node({ wire: "silly-0.7.1" });
    const peer = await client.connect(listenerAddress(listener));
    expect((await client.callRaw(peer, 1, Uint8Array.of(4)))[0]).toBe(4);
  });
});
