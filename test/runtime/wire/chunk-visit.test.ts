/**
 * Frames are handed over one by one as a chunk is parsed: a handler that closes its
 * connection stops the rest of the chunk (nothing after it runs), and the node's count of
 * bytes held for incomplete frames stays exact whatever happens mid-chunk.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createCluster, createFramer, type ClusterNode } from "../../../runtime/index.ts";
import { createMemoryLogger, rawConnect, waitFor } from "../helpers.ts";

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("chunk visiting over %s", (wire) => {
  it("stops at a handler that closes its peer; the partial frame after it is not counted", async () => {
    const server = createCluster({ wire, logger: createMemoryLogger() });
    nodes.push(server);
    const seen: number[] = [];
    server.handle(1, (body, ctx) => {
      seen.push(body[0] ?? -1);
      if (body[0] === 2) void server.close(ctx.peer);
      return Uint8Array.of(body[0] ?? 0);
    });
    const listener = await server.listen("127.0.0.1:0");
    const framer = createFramer({ wire });
    const frame = (i: number, size = 1): Buffer => framer.encodeRequest({ session: i, cmd: 1, traceId: 1n, body: Buffer.alloc(size, i) });
    const socket = await rawConnect(listener.address.port);
    // The peer reads what it is sent, so it sees the server's graceful end (a close flushes first).
    socket.resume();
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    // First a partial frame alone (counted), then its rest with whole frames and a new partial one.
    const first = frame(1, 40);
    socket.write(first.subarray(0, 10));
    await waitFor(() => server.stats().bufferedBytes > 0, 2000, "partial frame held");
    const partial = frame(9, 100);
    socket.write(Buffer.concat([first.subarray(10), frame(2), frame(3), partial.subarray(0, 30)]));
    await closed;
    await waitFor(() => server.stats().connections === 0, 2000, "server side closed");
    expect(seen).toEqual([1, 2]);
    expect(server.stats().bufferedBytes).toBe(0);
  });

  it("counts held bytes exactly across many split chunks and releases them on close", async () => {
    const server = createCluster({ wire, logger: createMemoryLogger() });
    nodes.push(server);
    let answered = 0;
    server.handle(1, (body) => {
      answered++;
      return body;
    });
    const listener = await server.listen("127.0.0.1:0");
    const framer = createFramer({ wire });
    const frames = Buffer.concat(
      Array.from({ length: 50 }, (_, i) => framer.encodeRequest({ session: i, cmd: 1, traceId: 1n, body: Buffer.alloc(i * 7, i + 1) })),
    );
    const socket = await rawConnect(listener.address.port);
    let received = 0;
    socket.on("data", (d: Buffer) => (received += d.length));
    // Odd-sized pieces: frames split at every kind of boundary.
    for (let off = 0; off < frames.length; off += 97) {
      socket.write(frames.subarray(off, Math.min(frames.length, off + 97)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => answered === 50, 3000, "all answered");
    await waitFor(() => server.stats().bufferedBytes === 0, 2000, "nothing held");
    // A trailing partial frame is held, then released when the peer goes away.
    socket.write(framer.encodeRequest({ session: 99, cmd: 1, traceId: 1n, body: Buffer.alloc(500) }).subarray(0, 200));
    await waitFor(() => server.stats().bufferedBytes > 0, 2000, "partial held");
    socket.destroy();
    await waitFor(() => server.stats().connections === 0, 2000, "closed");
    expect(server.stats().bufferedBytes).toBe(0);
    expect(received).toBeGreaterThan(0);
  });
});
