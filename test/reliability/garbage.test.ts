/**
 * Garbage on the wire against a live node, both wire versions: random bytes from many connections,
 * oversize and undersize length headers, a response for a session never issued, a request with the
 * response bit set. Each is handled as documented and the node keeps serving.
 */
import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import type * as net from "node:net";
import { createCluster, createFramer, listenerAddress, RESPONSE_FLAG, type ClusterNode, type WireVersion } from "../../runtime/index.ts";
import { createMemoryLogger, delay, rawConnect, waitFor } from "../runtime/helpers.ts";

const nodes: ClusterNode[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

async function server(wire: WireVersion) {
  const logger = createMemoryLogger();
  const reasons: string[] = [];
  let handled = 0;
  const n = createCluster({ wire, logger, close: (_p, r) => reasons.push(r), limits: { partialFrameTimeout: 300 } });
  nodes.push(n);
  n.handle(1, (body) => {
    handled++;
    return body;
  });
  const listener = await n.listen("127.0.0.1:0");
  return { n, listener, logger, reasons, handled: () => handled };
}

async function open(port: number): Promise<net.Socket & { received: Buffer[] }> {
  const s = (await rawConnect(port)) as net.Socket & { received: Buffer[] };
  s.received = [];
  s.on("data", (d: Buffer) => s.received.push(d));
  s.on("error", () => {});
  sockets.push(s);
  return s;
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once("close", () => resolve())));
}

async function echoWorks(address: string, wire: WireVersion): Promise<boolean> {
  const c = createCluster({ wire, timeout: 10_000 });
  nodes.push(c);
  const peer = await c.connect(address);
  const reply = await c.callRaw(peer, 1, Uint8Array.of(7, 7));
  await c.close(peer);
  return reply.length === 2 && reply[0] === 7;
}

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("garbage (%s)", (wire) => {
  const framer = createFramer({ wire });
  const prefix = wire === "silly-0.7.0" ? 2 : 4;

  it("survives random bytes from 60 connections; every one ends closed or idle, memory returns to zero", async () => {
    const { n, listener } = await server(wire);
    const inputs = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 2048 }), { numRuns: 60, seed: 7 });
    const socks = await Promise.all(inputs.map(() => open(listener.address.port)));
    socks.forEach((s, i) => {
      s.write(inputs[i] as Uint8Array);
    });
    // Protocol errors close at once; partial frames are closed by the 300 ms partial-frame timeout;
    // a stream that happens to end on a frame boundary stays open (it is valid framing).
    await waitFor(() => n.stats().bufferedBytes === 0, 5000, "partial frames released");
    await delay(50);
    expect(await echoWorks(listenerAddress(listener), wire)).toBe(true);
    for (const s of socks) s.destroy();
    await waitFor(() => n.stats().connections === 0, 5000, "garbage connections gone");
  });

  it("closes the connection on a length header over the limit, before any body arrives", async () => {
    const { n, listener, reasons } = await server(wire);
    const s = await open(listener.address.port);
    const header = Buffer.alloc(prefix);
    if (prefix === 2) header.writeUInt16BE(0xffff);
    else header.writeUInt32LE(0xffffffff);
    s.write(header);
    if (wire === "silly-0.7.1") {
      await closed(s);
      expect(reasons.some((r) => /exceeds the limit/.test(r))).toBe(true);
    } else {
      // 0xffff is the 0.7.0 maximum itself: a legal length; the partial-frame timeout ends it.
      await closed(s);
      expect(reasons.some((r) => /incomplete frame/.test(r))).toBe(true);
    }
    expect(n.stats().bufferedBytes).toBe(0);
    expect(await echoWorks(listenerAddress(listener), wire)).toBe(true);
  });

  it("closes the connection on a length below the minimum", async () => {
    const { listener, reasons } = await server(wire);
    const s = await open(listener.address.port);
    const header = Buffer.alloc(prefix + 3);
    if (prefix === 2) header.writeUInt16BE(3);
    else header.writeUInt32LE(3);
    s.write(header);
    await closed(s);
    expect(reasons.some((r) => /below the minimum/.test(r))).toBe(true);
  });

  it("drops a response for a session never issued and a request with the response bit set, and keeps serving", async () => {
    const { listener, logger, handled } = await server(wire);
    const s = await open(listener.address.port);
    s.write(framer.encodeResponse({ session: 12345, body: Buffer.from("unsolicited") }));
    // A request frame whose session word has the response bit: it reads as a response, and is dropped.
    const request = framer.encodeRequest({ session: 77, cmd: 1, traceId: 5n, body: Buffer.from("flagged") });
    const at = wire === "silly-0.7.0" ? request.length - 4 : 4;
    request.writeUInt32LE((77 | RESPONSE_FLAG) >>> 0, at);
    s.write(request);
    s.write(framer.encodeRequest({ session: 78, cmd: 1, traceId: 0n, body: Buffer.from("fine") }));
    await waitFor(() => Buffer.concat(s.received).length > 0, 5000, "the valid request's response");
    expect(handled()).toBe(1);
    expect(s.destroyed).toBe(false);
    const drops = logger.lines.filter((l) => /session not waited on/.test(l.message));
    expect(drops.map((l) => l.fields?.["session"])).toEqual([12345, 77]);
  });

  it("accepts a frame of exactly maxFrameBytes and refuses one byte more", async () => {
    const logger = createMemoryLogger();
    const n = createCluster({ wire, logger, limits: { maxFrameBytes: 1000 } });
    nodes.push(n);
    let handled = 0;
    n.handle(1, () => {
      handled++;
      return undefined;
    });
    const listener = await n.listen("127.0.0.1:0");
    const s = await open(listener.address.port);
    const exact = createFramer({ wire, maxFrameBytes: 1000 }).encodeRequest({ session: 1, cmd: 1, traceId: 0n, body: new Uint8Array(984) });
    s.write(exact);
    await waitFor(() => handled === 1, 5000, "the frame at the limit");
    const over = Buffer.alloc(prefix);
    if (prefix === 2) over.writeUInt16BE(1001);
    else over.writeUInt32LE(1001);
    s.write(over);
    await closed(s);
    expect(handled).toBe(1);
  });
});
