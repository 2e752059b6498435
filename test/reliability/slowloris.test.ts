/**
 * Slowloris and partial frames: a peer trickling a byte a second, many peers holding partial frames,
 * the node-wide budget for incomplete frames, and a busy healthy stream whose chunks never end on a
 * frame boundary (which must not be mistaken for a stalled frame).
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
import { delay, rawConnect, waitFor } from "../runtime/helpers.ts";

const nodes: ClusterNode[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

async function server(options: ClusterOptions) {
  const reasons: string[] = [];
  const n = createCluster({ logger: createSilentLogger(), close: (_p, r) => reasons.push(r), ...options });
  nodes.push(n);
  n.handle(1, (body) => body);
  const listener = await n.listen("127.0.0.1:0");
  return { n, listener, reasons };
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

/** A client node calling echo once, to show the server still serves. */
async function stillServes(listenerAddr: string, wire: "silly-0.7.0" | "silly-0.7.1"): Promise<boolean> {
  const c = createCluster({ wire, logger: createSilentLogger(), timeout: 10_000 });
  nodes.push(c);
  const peer = await c.connect(listenerAddr);
  const reply = await c.callRaw(peer, 1, Uint8Array.of(42));
  return reply[0] === 42;
}

const MiB = 1024 * 1024;

describe("slowloris", () => {
  it("closes a peer trickling one byte a second once partialFrameTimeout passes", async () => {
    const { listener, reasons, n } = await server({ wire: "silly-0.7.0", limits: { partialFrameTimeout: 2500 } });
    const socket = await open(listener.address.port);
    const frame = createFramer({ wire: "silly-0.7.0" }).encodeRequest({ session: 0, cmd: 1, traceId: 0n, body: new Uint8Array(40) });
    let sent = 0;
    const trickle = setInterval(() => {
      if (!socket.destroyed && sent < frame.length) socket.write(frame.subarray(sent, ++sent));
    }, 1000);
    const start = Date.now();
    await closed(socket);
    clearInterval(trickle);
    expect(Date.now() - start).toBeLessThan(6000);
    expect(sent).toBeLessThan(frame.length);
    expect(reasons.some((r) => /incomplete frame/.test(r))).toBe(true);
    expect(n.stats().bufferedBytes).toBe(0);
  });

  it("bounds memory while 200 peers hold partial frames, then closes them all", async () => {
    const { listener, reasons, n } = await server({ wire: "silly-0.7.1", limits: { partialFrameTimeout: 2000 } });
    const header = Buffer.alloc(4 + 1000);
    header.writeUInt32LE(MiB, 0); // claims 1 MiB; sends 1000 bytes of it
    const peers = await Promise.all(Array.from({ length: 200 }, () => open(listener.address.port)));
    for (const s of peers) s.write(header);
    await waitFor(() => n.stats().bufferedBytes === 200 * 1004, 5000, "200 partial frames buffered");
    // What arrived is held, not what the headers claimed (200 MiB).
    expect(n.stats().bufferedBytes).toBeLessThan(MiB);
    expect(await stillServes(listenerAddress(listener), "silly-0.7.1")).toBe(true);
    await Promise.all(peers.map(closed));
    expect(reasons.filter((r) => /incomplete frame/.test(r))).toHaveLength(200);
    expect(n.stats().bufferedBytes).toBe(0);
  });

  it("closes connections that push incomplete frames over the node's maxBufferedBytes", async () => {
    const budget = 4 * MiB;
    const { listener, reasons, n } = await server({ wire: "silly-0.7.1", limits: { maxBufferedBytes: budget } });
    const chunk = Buffer.alloc(4 + MiB);
    chunk.writeUInt32LE(2 * MiB, 0); // each peer sends half of a 2 MiB frame
    const peers = await Promise.all(Array.from({ length: 12 }, () => open(listener.address.port)));
    let maxBuffered = 0;
    const sampler = setInterval(() => (maxBuffered = Math.max(maxBuffered, n.stats().bufferedBytes)), 1);
    for (const s of peers) s.write(chunk);
    await waitFor(() => reasons.filter((r) => /budget/.test(r)).length >= 8, 10_000, "over-budget peers closed");
    await delay(50);
    clearInterval(sampler);
    // Each peer is stopped at most one read chunk (64 KiB) past the budget.
    expect(maxBuffered).toBeLessThanOrEqual(budget + 64 * 1024);
    expect(n.stats().bufferedBytes).toBeLessThanOrEqual(budget);
    expect(await stillServes(listenerAddress(listener), "silly-0.7.1")).toBe(true);
  });

  it("keeps a busy connection whose chunks never end on a frame boundary (partial timer restarts per frame)", async () => {
    const { listener, reasons } = await server({ wire: "silly-0.7.1", limits: { partialFrameTimeout: 1500 } });
    const socket = await open(listener.address.port);
    let replies = 0;
    socket.on("data", (d: Buffer) => (replies += d.length));
    const framer = createFramer({ wire: "silly-0.7.1" });
    const frames = Buffer.concat(
      Array.from({ length: 45 }, (_, i) => framer.encodeRequest({ session: i, cmd: 1, traceId: 0n, body: new Uint8Array(100) })),
    );
    // Frames are 124 bytes; every write but the last ends 20 bytes into a frame. 45 writes 100 ms apart
    // take 4.5 s, three times the partial-frame timeout, with a partial frame held after every chunk.
    // The timeout is generous so that a busy machine stretching one 100 ms pause does not reach it.
    let at = 0;
    for (let k = 1; at < frames.length; k++) {
      const end = Math.min(frames.length, k * 124 + 20);
      socket.write(frames.subarray(at, end));
      at = end;
      await delay(100);
    }
    await waitFor(() => replies >= 45 * (8 + 100) || socket.destroyed, 10_000, "every reply");
    expect(socket.destroyed).toBe(false);
    expect(reasons).toEqual([]);
    expect(replies).toBe(45 * (8 + 100));
  });
});
