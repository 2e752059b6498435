/**
 * Closing flushes (issue 13.1): what `send`/`sendRaw`/a typed one-way call reported as sent is
 * delivered even when `shutdown()` or `close(peer)` follows in the same tick, on both wires, to a
 * receiver in this process or in a child process; a peer that does not read cannot make closing
 * hang past `closeTimeout`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as net from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createCluster, listenerAddress } from "../../../runtime/node/cluster.ts";
import { isClusterError } from "../../../runtime/core/errors.ts";
import type { WireVersion } from "../../../runtime/wire/frames.ts";
import type { ClusterOptions } from "../../../runtime/node/cluster-options.ts";
import { createServiceClient } from "../../../runtime/rpc/client.ts";
import { defineService } from "../../../runtime/call/descriptor.ts";
import type { ClusterNode } from "../../../runtime/node/cluster-node.ts";
import type { Peer } from "../../../runtime/connection/peer.ts";
import { createBlobCodec } from "../fixtures/blob-codec.ts";
import { createMemoryLogger, startRawServer, waitFor, type RawServer } from "../helpers.ts";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const N = 1000;
const SEQ_CMD = 7;

const nodes: ClusterNode[] = [];
const children: ChildProcess[] = [];
const servers: RawServer[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function node(options: ClusterOptions = {}): ClusterNode {
  const n = createCluster({ logger: createMemoryLogger(), ...options });
  nodes.push(n);
  return n;
}

function seq(i: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(i, 0);
  return b;
}

function readSeq(body: Uint8Array): number {
  return Buffer.from(body.buffer, body.byteOffset, body.length).readUInt32LE(0);
}

/** A receiving node in this process: records the sequence numbers of cmd 7 in arrival order. */
async function receiver(wire: WireVersion): Promise<{ got: number[]; address: string; node: ClusterNode }> {
  const got: number[] = [];
  const r = node({ wire });
  r.handle(SEQ_CMD, (body) => {
    got.push(readSeq(body));
    return undefined;
  });
  r.handle(8, () => new Promise<Uint8Array>(() => {}));
  const listener = await r.listen("127.0.0.1:0");
  return { got, address: listenerAddress(listener), node: r };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Sends 0..N-2 without waiting and N-1 awaited, all with `send`. */
async function sendAll(send: (i: number) => Promise<void>): Promise<Array<Promise<void>>> {
  const early: Array<Promise<void>> = [];
  for (let i = 0; i < N - 1; i++) early.push(send(i));
  await send(N - 1);
  return early;
}

/** Spawns the sink fixture; resolves with its port and a promise of its next "RECEIVED" line. */
function startSink(wire: WireVersion): Promise<{ port: number; received: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/runtime/fixtures/sink.ts", wire], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    let out = "";
    let onReceived: (line: string) => void = () => {};
    const received = new Promise<string>((r) => (onReceived = r));
    const timer = setTimeout(() => reject(new Error("sink did not start")), 15000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const listening = /LISTENING (\d+)/.exec(out);
      if (listening) {
        clearTimeout(timer);
        resolve({ port: Number(listening[1]), received });
      }
      const got = /RECEIVED \d+ \d/.exec(out);
      if (got) onReceived(got[0]);
    });
    child.once("exit", (code) => reject(new Error(`sink exited early with ${code}`)));
  });
}

/** Settles with "resolved" or "timed out" (a bound on a wait that must not hang; not a timing assertion). */
function within<T>(promise: Promise<T>, ms: number): Promise<"resolved" | "timed out"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("timed out"), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve("resolved");
      },
      () => {
        clearTimeout(timer);
        resolve("resolved");
      },
    );
  });
}

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("flush on close (%s)", (wire) => {
  it("shutdown() right after the last awaited sendRaw delivers every message, in order", async () => {
    const r = await receiver(wire);
    const a = node({ wire });
    const peer = await a.connect(r.address);
    const early = await sendAll((i) => a.sendRaw(peer, SEQ_CMD, seq(i)));
    await a.shutdown();
    await Promise.all(early);
    await waitFor(() => r.got.length >= N, 10000, `${N} messages`);
    expect(r.got).toEqual(range(N));
  });

  it("close(peer) right after send (through marshal) delivers every message; calls in flight reject peer-closed", async () => {
    const r = await receiver(wire);
    const a = node({
      wire,
      marshal: (_type, cmd, body) => [cmd as number, cmd === SEQ_CMD ? seq(body as number) : new Uint8Array(0)],
      unmarshal: (_type, _cmd, bytes) => bytes,
    });
    const peer = await a.connect(r.address);
    const pending = a.call(peer, 8, null, { timeout: 60000 }).then(
      () => "resolved",
      (e: unknown) => (isClusterError(e) ? e.code : "other"),
    );
    await sendAll((i) => a.send(peer, SEQ_CMD, i));
    await a.close(peer);
    expect(await pending).toBe("peer-closed");
    await waitFor(() => r.got.length >= N, 10000, `${N} messages`);
    expect(r.got).toEqual(range(N));
    expect(peer.closed).toBe(true);
    expect(a.stats().connections).toBe(0);
  });

  it("close(peer) right after typed one-way calls delivers every message", async () => {
    const Note = createBlobCodec("note", SEQ_CMD);
    const service = defineService({ name: "notes", methods: { note: { name: "note", cmd: SEQ_CMD, request: Note } } });
    const got: number[] = [];
    const r = node({ wire });
    r.handle(SEQ_CMD, (body) => {
      got.push(readSeq(Note.decodePacked(body).data));
      return undefined;
    });
    const listener = await r.listen("127.0.0.1:0");
    const a = node({ wire });
    const peer = await a.connect(listenerAddress(listener));
    const client = createServiceClient(a, peer, service);
    await sendAll((i) => client.note({ data: seq(i) }));
    await a.close(peer);
    await waitFor(() => got.length >= N, 10000, `${N} messages`);
    expect(got).toEqual(range(N));
  });

  it("an accepting node's shutdown() delivers what it sent to an accepted peer", async () => {
    const got: number[] = [];
    const client = node({ wire });
    client.handle(SEQ_CMD, (body) => {
      got.push(readSeq(body));
      return undefined;
    });
    const server = node({ wire });
    let accepted: Peer | undefined;
    server.handle(1, (_body, ctx) => {
      accepted = ctx.peer;
      return Uint8Array.of(1);
    });
    const listener = await server.listen("127.0.0.1:0");
    const peer = await client.connect(listenerAddress(listener));
    await client.callRaw(peer, 1, new Uint8Array(0));
    const back = accepted as Peer;
    await sendAll((i) => server.sendRaw(back, SEQ_CMD, seq(i)));
    await server.shutdown();
    await waitFor(() => got.length >= N, 10000, `${N} messages`);
    expect(got).toEqual(range(N));
  });

  it("a receiver in another process gets every message sent right before shutdown()", async () => {
    const sink = await startSink(wire);
    const a = node({ wire });
    const peer = await a.connect(`127.0.0.1:${sink.port}`);
    await sendAll((i) => a.sendRaw(peer, SEQ_CMD, seq(i)));
    await a.shutdown();
    expect(await sink.received).toBe(`RECEIVED ${N} 1`);
  });

  it("a receiver in another process gets every message sent right before close(peer)", async () => {
    const sink = await startSink(wire);
    const a = node({ wire });
    const peer = await a.connect(`127.0.0.1:${sink.port}`);
    await sendAll((i) => a.sendRaw(peer, SEQ_CMD, seq(i)));
    await a.close(peer);
    expect(await sink.received).toBe(`RECEIVED ${N} 1`);
  });

  it("closing a peer that does not read finishes once closeTimeout has passed (socket destroyed)", async () => {
    const server = await startRawServer((socket) => socket.pause());
    servers.push(server);
    const a = node({ wire, closeTimeout: 200, limits: { maxQueueBytes: 64 * 1024 * 1024 } });
    const peer = await a.connect(`127.0.0.1:${server.port}`);
    // 16 MiB: more than the kernel buffers of a loopback connection hold, so the flush cannot finish.
    const body = new Uint8Array(60000);
    for (let i = 0; i < 280; i++) await a.sendRaw(peer, SEQ_CMD, body);
    const socket = peer.socket;
    expect(await within(a.close(peer), 15000)).toBe("resolved");
    expect(socket?.destroyed).toBe(true);
    expect(a.stats().connections).toBe(0);
  });

  it("closing a peer that reads but never closes its side finishes once closeTimeout has passed", async () => {
    // allowHalfOpen: the server reads our end of stream but never ends its side.
    const sockets: net.Socket[] = [];
    const received: Buffer[] = [];
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      sockets.push(socket);
      socket.on("data", (chunk: Buffer) => received.push(chunk));
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const a = node({ wire, closeTimeout: 200 });
      const peer = await a.connect(`127.0.0.1:${port}`);
      await a.sendRaw(peer, SEQ_CMD, seq(1));
      expect(await within(a.shutdown(), 15000)).toBe("resolved");
      expect(a.stats().connections).toBe(0);
      expect(Buffer.concat(received).length).toBe(wire === "silly-0.7.0" ? 2 + 16 + 4 : 4 + 16 + 4);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("closeTimeout option", () => {
  it("is validated like the other timeouts", () => {
    for (const bad of [-1, Number.NaN, "5"]) {
      let code = "none";
      try {
        createCluster({ closeTimeout: bad as number });
      } catch (error) {
        code = isClusterError(error) ? error.code : "other";
      }
      expect(code, String(bad)).toBe("invalid-argument");
    }
    for (const ok of [0, 1, 5000, Number.POSITIVE_INFINITY]) void createCluster({ closeTimeout: ok }).shutdown();
  });
});
