/**
 * Wire-version mismatch (issue 13.2): a node receiving the other wire's framing closes that
 * connection with a `protocol` reason naming both wires and logs it at warn, instead of a silent
 * partial-frame timeout or garbage; and valid traffic of the node's own wire never trips it.
 */
import fc from "fast-check";
import type * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createCluster, listenerAddress } from "../../../runtime/node/cluster.ts";
import { isClusterError } from "../../../runtime/core/errors.ts";
import { createFrameDecoder } from "../../../runtime/wire/frame-decoder.ts";
import { MAX_SESSION, V070_MAX_LEN, type FrameVisitor, type WireVersion } from "../../../runtime/wire/frames.ts";
import { createFramer } from "../../../runtime/wire/framer.ts";
import type { ClusterOptions } from "../../../runtime/node/cluster-options.ts";
import type { ClusterNode } from "../../../runtime/node/cluster-node.ts";
import type { Peer } from "../../../runtime/connection/peer.ts";
import { MISMATCH_GRACE_MS, MismatchWatch, mismatchReason, otherWire } from "../../../runtime/wire/mismatch-sniffer.ts";
import { createMemoryLogger, delay, hex, loadFrameVectors, rawConnect, waitFor, type LogLine } from "../helpers.ts";

const nodes: ClusterNode[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

function node(options: ClusterOptions = {}): ClusterNode {
  const n = createCluster({ logger: createMemoryLogger(), ...options });
  nodes.push(n);
  return n;
}

const WIRES = ["silly-0.7.0", "silly-0.7.1"] as const;
const REASON = {
  "silly-0.7.0": "protocol error: peer speaks silly wire v0.7.1, this node v0.7.0",
  "silly-0.7.1": "protocol error: peer speaks silly wire v0.7.0, this node v0.7.1",
} as const;

/** A server node of `wire` that records close reasons, warn lines and handled requests. */
async function server(wire: WireVersion, options: ClusterOptions = {}) {
  const logger = createMemoryLogger();
  const reasons: string[] = [];
  let handled = 0;
  const s = node({ wire, logger, close: (_peer: Peer, reason: string) => reasons.push(reason), ...options });
  s.handle(1, (body) => {
    handled++;
    return body;
  });
  s.handle(7, () => {
    handled++;
    return undefined;
  });
  const listener = await s.listen("127.0.0.1:0");
  return {
    node: s,
    listener,
    reasons,
    warnings: (): LogLine[] => logger.lines.filter((l) => l.level === "warn"),
    handled: () => handled,
  };
}

describe("a node speaking silly-0.7.1, rejecting a length that a 0.7.0 frame still arriving would explain", () => {
  it("waits for that frame and then names the mismatch", async () => {
    const s = await server("silly-0.7.1");
    const big = loadFrameVectors("v070").find((v) => v.body.length / 2 === 65519);
    const frame = hex(big?.frame ?? "");
    // The largest 0.7.0 request (65537 bytes) with its body starting 26 26: read as 0.7.1, its first
    // bytes ff ff 26 26 are a length of 640 MiB, over what 0.7.1 allows: rejected at once, while
    // most of the 0.7.0 frame has not arrived yet.
    const socket = await rawConnect(s.listener.address.port);
    sockets.push(socket);
    socket.on("error", () => {});
    const bad = Buffer.concat([Buffer.from([0xff, 0xff, 0x26, 0x26]), frame.subarray(4)]);
    socket.write(bad.subarray(0, 1000));
    await delay(100);
    expect(s.reasons).toEqual([]);
    socket.write(bad.subarray(1000));
    await waitFor(() => s.reasons.length === 1, 5000, "close");
    expect(s.reasons).toEqual([REASON["silly-0.7.1"]]);
  });

  it("reports its own protocol error when no 0.7.0 frame follows", async () => {
    const s = await server("silly-0.7.1");
    const socket = await rawConnect(s.listener.address.port);
    sockets.push(socket);
    socket.on("error", () => {});
    socket.write(Buffer.from("ffff2626", "hex"));
    await waitFor(() => s.reasons.length === 1, 5000, "close");
    expect(s.reasons[0]).toMatch(/^protocol error: \[protocol\] frame length \d+ exceeds the limit/);
  });
});

describe.each(WIRES)("a node speaking %s", (wire) => {
  const other = otherWire(wire);

  it("reports the wire names in the reason", () => {
    expect(`protocol error: ${mismatchReason(wire)}`).toBe(REASON[wire]);
  });

  it.each([
    ["an empty body", 0],
    ["a 1-byte body", 1],
    ["a 100-byte body", 100],
    ["a 60000-byte body", 60000],
  ])("closes a call from a peer of the other wire (%s) with a protocol reason, logged at warn", async (_what, size) => {
    const s = await server(wire);
    const client = node({ wire: other });
    const peer = await client.connect(listenerAddress(s.listener));
    const call = client.callRaw(peer, 1, new Uint8Array(size).fill(0x5a), { timeout: 20000 }).then(
      () => "resolved",
      (e: unknown) => (isClusterError(e) ? e.code : "other"),
    );
    await waitFor(() => s.reasons.length > 0, 10000, "server-side close");
    expect(s.reasons).toEqual([REASON[wire]]);
    const warn = s.warnings().filter((l) => l.message === "wire version mismatch, closing connection");
    expect(warn).toHaveLength(1);
    expect(warn[0]?.fields?.error).toBe(mismatchReason(wire));
    expect(await call).toBe("closed");
    expect(s.handled()).toBe(0);
  });

  it("closes a connection that opens with a burst of one-way sends of the other wire", async () => {
    const s = await server(wire);
    const client = node({ wire: other });
    const peer = await client.connect(listenerAddress(s.listener));
    for (let i = 0; i < 1000; i++) void client.sendRaw(peer, 7, Uint8Array.of(i & 0xff, 1, 2, 3)).catch(() => {});
    await waitFor(() => s.reasons.length > 0, 10000, "server-side close");
    expect(s.reasons).toEqual([REASON[wire]]);
    expect(s.warnings().some((l) => l.message === "wire version mismatch, closing connection")).toBe(true);
  });

  it("closes a raw connection sending any frame captured from a real silly node of the other wire", async () => {
    const s = await server(wire);
    const vectors = loadFrameVectors(other === "silly-0.7.0" ? "v070" : "v071");
    // All at once: each waits out the same grace period.
    await Promise.all(
      vectors.map(async (v) => {
        const socket = await rawConnect(s.listener.address.port);
        sockets.push(socket);
        socket.on("error", () => {});
        socket.write(hex(v.frame));
      }),
    );
    await waitFor(() => s.reasons.length === vectors.length, 15000, `${vectors.length} closes`);
    expect(s.reasons).toEqual(vectors.map(() => REASON[wire]));
    expect(s.handled()).toBe(0);
  });

  it("keeps a connection sending frames captured from a real silly node of its own wire, in small pieces", async () => {
    const s = await server(wire);
    const vectors = loadFrameVectors(wire === "silly-0.7.0" ? "v070" : "v071");
    const stream = Buffer.concat(vectors.map((v) => hex(v.frame)));
    const socket = await rawConnect(s.listener.address.port);
    sockets.push(socket);
    socket.setNoDelay(true);
    const sizes = [1, 2, 3, 5, 7, 11, 13, 64, 1000, 4096, 16384];
    for (let at = 0, i = 0; at < stream.length; i++) {
      const n = sizes[i % sizes.length] as number;
      socket.write(stream.subarray(at, at + n));
      at += n;
      await delay(1);
    }
    // The server handles cmds 1 and 7; the other requests are logged as unknown, responses dropped.
    const handled = vectors.filter((v) => v.kind === "request" && (v.cmd === 1 || v.cmd === 7)).length;
    expect(handled).toBeGreaterThan(2);
    await waitFor(() => s.handled() === handled, 10000, `${handled} requests handled`);
    await delay(MISMATCH_GRACE_MS + 200);
    expect(s.reasons).toEqual([]);
    expect(socket.destroyed).toBe(false);
  });

  it("keeps serving peers of its own wire", async () => {
    const s = await server(wire);
    const client = node({ wire });
    const peer = await client.connect(listenerAddress(s.listener));
    for (const size of [0, 1, 2, 100, 60000]) {
      expect((await client.callRaw(peer, 1, new Uint8Array(size).fill(0))).length).toBe(size);
    }
    expect(s.reasons).toEqual([]);
  });
});

/** A frame visitor that counts frames. */
class Counter implements FrameVisitor {
  frames = 0;
  visitResponse(): boolean {
    this.frames++;
    return true;
  }
  visitRequest(): boolean {
    this.frames++;
    return true;
  }
}

/** Valid frames of `wire` (requests and responses, any session/cmd/trace, bodies often starting with zeros). */
function framesOf(wire: WireVersion): fc.Arbitrary<Buffer> {
  const framer = createFramer({ wire });
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc.uint8Array({ maxLength: 64 }).map((b) => Uint8Array.from([0, 0, ...b])),
    fc.integer({ min: 0, max: Math.min(framer.maxRequestBody, 70000) }).map((n) => new Uint8Array(n)),
    fc.integer({ min: 0, max: 3000 }).map((n) => new Uint8Array(n).fill(0x10)),
  );
  const request = fc
    .record({
      session: fc.integer({ min: 0, max: MAX_SESSION }),
      cmd: fc.nat({ max: 0xffffffff }),
      traceId: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      body,
    })
    .map((f) => framer.encodeRequest(f));
  const response = fc.record({ session: fc.integer({ min: 0, max: MAX_SESSION }), body }).map((f) => framer.encodeResponse(f));
  return fc.oneof(request, response);
}

/** Cuts `bytes` at the given fractions (any chunking TCP may deliver). */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let at = 0;
  for (const p of points) {
    if (p > at) out.push(bytes.subarray(at, p));
    at = Math.max(at, p);
  }
  if (at < bytes.length) out.push(bytes.subarray(at));
  return out;
}

/**
 * Drives a {@link MismatchWatch} and a decoder over `chunks` as a connection does (its timers are
 * stopped at the end). `verdict` is what the watch did; `stalled` whether the grace timer would
 * close the connection if nothing more arrived.
 */
function drive(
  wire: WireVersion,
  maxLen: number,
  chunks: Buffer[],
): { verdict: string; frames: number; stalled: boolean; pending: number } {
  const decoder = createFrameDecoder(wire === "silly-0.7.0", maxLen);
  const counter = new Counter();
  let verdict = "none";
  const watch = new MismatchWatch(wire, maxLen, {
    pendingBytes: () => decoder.pendingBytes,
    mismatch: () => (verdict = "mismatch"),
    reject: () => (verdict = "rejected"),
  });
  let live = true;
  for (const chunk of chunks) {
    if (verdict !== "none") break;
    if (live && watch.beforeChunk(chunk)) continue;
    try {
      decoder.decodeEach(chunk, counter);
    } catch (error) {
      if (!live || !watch.onRejected(String(error))) verdict = "rejected";
      continue;
    }
    if (live) live = watch.afterChunk();
  }
  const stalled = verdict === "none" && live && decoder.pendingBytes > 0 && watch.suspect;
  watch.stop();
  return { verdict, frames: counter.frames, stalled, pending: decoder.pendingBytes };
}

const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });

describe.each(WIRES)("mismatch detection on %s (property)", (wire) => {
  const maxLen = wire === "silly-0.7.0" ? V070_MAX_LEN : 128 * 1024 * 1024;

  it("never fires on valid traffic of the node's own wire, however it is cut into chunks", () => {
    fc.assert(
      fc.property(fc.array(framesOf(wire), { minLength: 1, maxLength: 8 }), cutsArb, (frames, cuts) => {
        const result = drive(wire, maxLen, chunked(Buffer.concat(frames), cuts));
        expect(result.verdict).toBe("none");
        expect(result.frames).toBe(frames.length);
        // All of it arrived: nothing is pending, so no stall verdict can stand either.
        expect(result.pending).toBe(0);
        expect(result.stalled).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("flags valid traffic of the other wire, however it is cut, unless it is also a whole valid stream of this wire", () => {
    fc.assert(
      fc.property(fc.array(framesOf(otherWire(wire)), { minLength: 1, maxLength: 4 }), cutsArb, (frames, cuts) => {
        const stream = Buffer.concat(frames);
        fc.pre(stream.length <= 128 * 1024);
        const result = drive(wire, maxLen, chunked(stream, cuts));
        const ambiguous = result.verdict === "none" && result.pending === 0;
        expect(result.verdict === "mismatch" || result.stalled || ambiguous).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
