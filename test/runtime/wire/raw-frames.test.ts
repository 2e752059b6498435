import { afterEach, describe, expect, it } from "vitest";
import type * as net from "node:net";
import {
  createCluster,
  createFramer,
  type ClusterNode,
  type ClusterOptions,
  type Frame,
  type WireVersion,
} from "../../../runtime/index.ts";
import { createMemoryLogger, delay, rawConnect, waitFor } from "../helpers.ts";

const nodes: ClusterNode[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

async function server(options: ClusterOptions) {
  const n = createCluster({ logger: createMemoryLogger(), ...options });
  nodes.push(n);
  const listener = await n.listen("127.0.0.1:0");
  return { n, port: listener.address.port };
}

/** A raw client socket that decodes what the node sends back. */
async function rawClient(port: number, wire: WireVersion) {
  const socket = await rawConnect(port);
  sockets.push(socket);
  const decoder = createFramer({ wire }).createDecoder();
  const frames: Frame[] = [];
  socket.on("data", (chunk: Buffer) => frames.push(...decoder.decode(chunk)));
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  return { socket, frames, closed };
}

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("wire behaviour %s", (wire) => {
  const framer = createFramer({ wire });

  it("serves split and coalesced frames on many connections", async () => {
    const { port } = await server({ wire });
    nodes[0]!.handle(3, (body, ctx) => Buffer.concat([body, Buffer.from([ctx.session & 255])]));
    const clients = await Promise.all(Array.from({ length: 20 }, () => rawClient(port, wire)));
    const perClient = 30;
    await Promise.all(
      clients.map(async (client, ci) => {
        const bytes = Buffer.concat(
          Array.from({ length: perClient }, (_, i) =>
            framer.encodeRequest({ session: i, cmd: 3, traceId: 5n, body: Buffer.from([ci, i]) }),
          ),
        );
        // Odd clients send everything in one write; even ones dribble random-sized pieces.
        if (ci % 2 === 1) client.socket.write(bytes);
        else {
          let at = 0;
          while (at < bytes.length) {
            const n = 1 + ((at * 7 + ci) % 13);
            client.socket.write(bytes.subarray(at, at + n));
            at += n;
            if (at % 5 === 0) await delay(0);
          }
        }
        await waitFor(() => client.frames.length === perClient, 10000);
        client.frames.forEach((f, i) => {
          expect(f.kind).toBe("response");
          expect(f.session).toBe(i);
          expect([...f.body]).toEqual([ci, i, i & 255]);
        });
      }),
    );
  });

  it("discards a partial frame when the connection closes", async () => {
    let handled = 0;
    const reasons: string[] = [];
    const { n, port } = await server({ wire, close: (_p, r) => reasons.push(r) });
    n.handle(1, () => {
      handled++;
      return undefined;
    });
    const client = await rawClient(port, wire);
    const frame = framer.encodeRequest({ session: 1, cmd: 1, traceId: 1n, body: Buffer.alloc(100) });
    client.socket.write(
      Buffer.concat([framer.encodeRequest({ session: 0, cmd: 1, traceId: 1n, body: Buffer.alloc(1) }), frame.subarray(0, 50)]),
    );
    await waitFor(() => handled === 1);
    client.socket.end();
    await waitFor(() => reasons.length === 1);
    await delay(20);
    expect(handled).toBe(1);
    expect(n.stats().connections).toBe(0);
  });

  it("closes the connection on a length below the minimum, with a reason", async () => {
    const reasons: string[] = [];
    const { port } = await server({ wire, close: (_p, r) => reasons.push(r) });
    const client = await rawClient(port, wire);
    client.socket.write(wire === "silly-0.7.0" ? Buffer.from("000100", "hex") : Buffer.from("0200000000", "hex"));
    await client.closed;
    await waitFor(() => reasons.length === 1);
    expect(reasons[0]).toMatch(/protocol error: .*below the minimum/);
  });

  it("closes the connection on a request over the limit before its body arrives", async () => {
    const reasons: string[] = [];
    let handled = 0;
    const { n, port } = await server({ wire, limits: { maxFrameBytes: 1000 }, close: (_p, r) => reasons.push(r) });
    n.handle(1, () => {
      handled++;
      return undefined;
    });
    const client = await rawClient(port, wire);
    const big = createFramer({ wire }).encodeRequest({ session: 0, cmd: 1, traceId: 0n, body: Buffer.alloc(1000) });
    client.socket.write(big.subarray(0, 8));
    await client.closed;
    expect(reasons[0]).toMatch(/exceeds the limit of 1000/);
    expect(handled).toBe(0);
  });

  it("closes a connection holding a partial frame beyond partialFrameTimeout", async () => {
    const reasons: string[] = [];
    const { port } = await server({ wire, limits: { partialFrameTimeout: 100 }, close: (_p, r) => reasons.push(r) });
    const client = await rawClient(port, wire);
    const frame = framer.encodeRequest({ session: 0, cmd: 1, traceId: 0n, body: Buffer.alloc(50) });
    client.socket.write(frame.subarray(0, 10));
    await delay(30);
    client.socket.write(frame.subarray(10, 11));
    await client.closed;
    expect(reasons[0]).toMatch(/incomplete frame/);
  });

  it("drops a response for a session never issued and keeps serving", async () => {
    const logger = createMemoryLogger();
    const { n, port } = await server({ wire, logger });
    n.handle(1, (b) => b);
    const client = await rawClient(port, wire);
    client.socket.write(framer.encodeResponse({ session: 999, body: Buffer.from("??") }));
    client.socket.write(framer.encodeRequest({ session: 4, cmd: 1, traceId: 0n, body: Buffer.from("ok") }));
    await waitFor(() => client.frames.length === 1);
    expect(client.frames[0]!.session).toBe(4);
    expect(logger.lines.some((l) => l.level === "debug" && l.fields?.["session"] === 999)).toBe(true);
  });

  it("sends requests with the node id in the trace id's low 16 bits", async () => {
    const seen: Frame[] = [];
    const decoder = framer.createDecoder();
    const { createServer } = await import("node:net");
    const srv = createServer((s) => s.on("data", (c: Buffer) => seen.push(...decoder.decode(c))));
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as net.AddressInfo).port;
    const c = createCluster({ wire, nodeId: 0x0102, logger: createMemoryLogger() });
    nodes.push(c);
    const peer = await c.connect(`127.0.0.1:${port}`);
    await c.sendRaw(peer, 77, Buffer.from("x"));
    await waitFor(() => seen.length === 1);
    const f = seen[0]!;
    expect(f.kind).toBe("request");
    if (f.kind === "request") {
      expect(f.cmd).toBe(77);
      expect(f.traceId & 0xffffn).toBe(0x0102n);
      expect(f.traceId >> 48n).toBe(0x0102n);
    }
    await c.shutdown();
    await new Promise<void>((r) => srv.close(() => r()));
  });
});
