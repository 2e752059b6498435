/**
 * Peers that stop reading (full socket buffers): the sender's queue stays within maxQueueBytes,
 * calls fail with `queue-full` or `timeout`, memory stays flat, and other peers are served meanwhile.
 */
import { afterEach, describe, expect, it } from "vitest";
import type * as net from "node:net";
import {
  createCluster,
  createFramer,
  createSilentLogger,
  isClusterError,
  listenerAddress,
  type ClusterNode,
  type ClusterOptions,
} from "../../runtime/index.ts";
import { createMemoryLogger, delay, rawConnect, startRawServer, waitFor, type RawServer } from "../runtime/helpers.ts";
import { unsettledAfter } from "../../scripts/soak/settle.ts";
import { createCallTally } from "./support/tally.ts";

const nodes: ClusterNode[] = [];
const raws: RawServer[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const r of raws.splice(0)) await r.close();
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

function node(options: ClusterOptions): ClusterNode {
  const n = createCluster({ logger: createSilentLogger(), ...options });
  nodes.push(n);
  return n;
}

const MiB = 1024 * 1024;

describe("a server that stops reading", () => {
  it("keeps the client's queue within its bound, fails calls with queue-full/timeout, and serves a healthy peer meanwhile", async () => {
    const stalled = await startRawServer((socket) => socket.pause());
    raws.push(stalled);
    const healthy = node({ wire: "silly-0.7.1" });
    healthy.handle(1, (body) => body);
    const healthyListener = await healthy.listen("127.0.0.1:0");
    const client = node({ wire: "silly-0.7.1", timeout: 300, limits: { maxQueueBytes: MiB } });
    const stuck = await client.connect(`127.0.0.1:${stalled.port}`);
    const good = await client.connect(listenerAddress(healthyListener));
    const tally = createCallTally();
    const goodTally = createCallTally();
    const body = new Uint8Array(64 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    let maxQueued = 0;
    const pending: Promise<unknown>[] = [];
    // Offer ~400 MiB to the stalled peer, while calling the healthy one.
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < 32; i++) pending.push(tally.track(client.callRaw(stuck, 1, body)));
      pending.push(goodTally.track(client.callRaw(good, 1, Uint8Array.of(round), { timeout: 10_000 })));
      maxQueued = Math.max(maxQueued, client.stats().queuedBytes);
      await delay(1);
    }
    const grown = process.memoryUsage().arrayBuffers - before;
    // Stalled calls time out after 300 ms and healthy ones answer at once: all settle within 10 s, or one hangs.
    expect(await unsettledAfter(pending, 10_000), "calls still unsettled 10 s after the last was made").toBe(0);
    expect(maxQueued).toBeLessThanOrEqual(MiB);
    expect(tally.rejected.get("queue-full") ?? 0).toBeGreaterThan(1000);
    expect([...tally.rejected.keys()].every((code) => code === "queue-full" || code === "timeout")).toBe(true);
    expect(tally.unsettled).toBe(0);
    expect(goodTally.resolved).toBe(200);
    // Bounded by the queue plus what the kernel and the socket took, not by what was offered.
    expect(grown).toBeLessThan(64 * MiB);
    expect(stuck.connected).toBe(true);
    expect(client.stats().pending).toBe(0);
  }, 40_000);
});

describe("a client that sends requests but never reads responses", () => {
  it("bounds the server's queue, drops responses with a logged queue-full, and keeps serving others", async () => {
    const logger = createMemoryLogger();
    const server = node({ wire: "silly-0.7.1", logger, limits: { maxQueueBytes: MiB } });
    server.handle(1, (body) => body);
    const listener = await server.listen("127.0.0.1:0");
    const flooder = await rawConnect(listener.address.port);
    sockets.push(flooder);
    flooder.on("error", () => {});
    flooder.pause();
    const framer = createFramer({ wire: "silly-0.7.1" });
    const request = framer.encodeRequest({ session: 1, cmd: 1, traceId: 0n, body: new Uint8Array(60 * 1024) });
    const client = node({ wire: "silly-0.7.1", timeout: 2000 });
    const peer = await client.connect(listenerAddress(listener));
    let maxQueued = 0;
    let served = 0;
    for (let round = 0; round < 150; round++) {
      for (let i = 0; i < 20; i++) flooder.write(request);
      const reply = await client.callRaw(peer, 1, Uint8Array.of(round & 0xff));
      if (reply[0] === (round & 0xff)) served++;
      maxQueued = Math.max(maxQueued, server.stats().queuedBytes);
    }
    await waitFor(() => logger.lines.some((l) => /response not sent/.test(l.message)), 5000, "a dropped response");
    expect(served).toBe(150);
    expect(maxQueued).toBeLessThanOrEqual(MiB);
    const dropped = logger.lines.find((l) => /response not sent/.test(l.message));
    expect(isClusterError(dropped?.fields?.["error"], "queue-full")).toBe(true);
  });
});
