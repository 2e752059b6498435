/**
 * The raw-TCP ceiling: `add` as a length-prefixed ping-pong written to be as fast as
 * Node allows. Request payload `u32 id | i32 a | i32 b`, response `u32 id | i32 sum`.
 * Both sides parse every frame of a chunk in one pass, answer/queue into one staging
 * buffer, and hand the kernel one write per tick (client) or per chunk (server); the
 * client's pending table is an array of slots with a free list (no hashing, no timers).
 */
import * as net from "node:net";
import { BenchError } from "../lib/errors.ts";
import type { RpcClient, RpcContender, RpcServer } from "./contender.ts";
import { createFrameReader } from "./raw-framing.ts";

const REQUEST_FRAME = 16;
const RESPONSE_FRAME = 12;

/** Listens on 127.0.0.1:0 and resolves with the bound port. */
export function listenLoopback(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") reject(new BenchError("io", "server has no TCP address"));
      else resolve(address.port);
    });
  });
}

/** Connects to 127.0.0.1:`port` with Nagle disabled. */
export function connectLoopback(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1", noDelay: true });
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve(socket);
    });
  });
}

/** Closes a server and destroys its open sockets. */
export function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

function serveConnection(socket: net.Socket): void {
  socket.setNoDelay(true);
  const reader = createFrameReader();
  let out: Buffer = Buffer.alloc(0);
  let outLen = 0;
  const answer = (buf: Buffer, start: number, length: number): void => {
    if (length !== 12) throw new BenchError("protocol", `raw request of ${length} bytes`);
    const sum = (buf.readInt32LE(start + 4) + buf.readInt32LE(start + 8)) | 0;
    out.writeUInt32LE(8, outLen);
    out.writeUInt32LE(buf.readUInt32LE(start), outLen + 4);
    out.writeInt32LE(sum, outLen + 8);
    outLen += RESPONSE_FRAME;
  };
  socket.on("data", (chunk: Buffer) => {
    // At most one response per 16-byte request: size the write buffer for the chunk.
    out = Buffer.allocUnsafe(Math.ceil((chunk.length + REQUEST_FRAME) / REQUEST_FRAME) * RESPONSE_FRAME);
    outLen = 0;
    try {
      reader.push(chunk, answer);
    } catch (err) {
      socket.destroy(err instanceof Error ? err : undefined);
      return;
    }
    if (outLen > 0) socket.write(out.subarray(0, outLen));
  });
  socket.on("error", () => socket.destroy());
}

type Resolver = (sum: number) => void;

function createRawClient(socket: net.Socket): RpcClient {
  const slots: Array<Resolver | undefined> = [];
  const rejecters: Array<((err: Error) => void) | undefined> = [];
  const free: number[] = [];
  let pending = 0;
  let staging = Buffer.allocUnsafe(64 * REQUEST_FRAME);
  let stagingLen = 0;
  let flushScheduled = false;
  let failure: Error | undefined;
  const reader = createFrameReader();

  const flush = (): void => {
    flushScheduled = false;
    if (stagingLen === 0) return;
    const chunk = Buffer.allocUnsafe(stagingLen);
    staging.copy(chunk, 0, 0, stagingLen);
    stagingLen = 0;
    socket.write(chunk);
  };
  const onResponse = (buf: Buffer, start: number, length: number): void => {
    if (length !== 8) throw new BenchError("protocol", `raw response of ${length} bytes`);
    const id = buf.readUInt32LE(start);
    const resolve = slots[id];
    if (resolve === undefined) throw new BenchError("protocol", `raw response for unknown id ${id}`);
    slots[id] = undefined;
    rejecters[id] = undefined;
    free.push(id);
    pending--;
    resolve(buf.readInt32LE(start + 4));
  };
  const failAll = (err: Error): void => {
    failure = err;
    for (let id = 0; id < rejecters.length; id++) rejecters[id]?.(err);
    slots.length = 0;
    rejecters.length = 0;
    pending = 0;
  };
  socket.on("data", (chunk: Buffer) => {
    try {
      reader.push(chunk, onResponse);
    } catch (err) {
      socket.destroy(err instanceof Error ? err : undefined);
    }
  });
  socket.on("error", (err) => failAll(err));
  socket.on("close", () => failAll(new BenchError("io", "raw connection closed")));

  return {
    add(a, b) {
      if (failure) return Promise.reject(failure);
      return new Promise<number>((resolve, reject) => {
        const id = free.length > 0 ? free.pop()! : slots.length;
        slots[id] = resolve;
        rejecters[id] = reject;
        pending++;
        if (stagingLen + REQUEST_FRAME > staging.length) {
          const bigger = Buffer.allocUnsafe(staging.length * 2);
          staging.copy(bigger, 0, 0, stagingLen);
          staging = bigger;
        }
        staging.writeUInt32LE(12, stagingLen);
        staging.writeUInt32LE(id, stagingLen + 4);
        staging.writeInt32LE(a, stagingLen + 8);
        staging.writeInt32LE(b, stagingLen + 12);
        stagingLen += REQUEST_FRAME;
        if (!flushScheduled) {
          flushScheduled = true;
          process.nextTick(flush);
        }
      });
    },
    pendingCount: () => pending,
    close() {
      return new Promise((resolve) => {
        socket.once("close", () => resolve());
        socket.end();
        setTimeout(() => socket.destroy(), 500).unref();
      });
    },
  };
}

/** The raw-TCP ceiling contender. */
export const rawContender: RpcContender = {
  id: "raw",
  label: "raw TCP (ceiling)",
  supportsTimeouts: false,
  async startServer(): Promise<RpcServer> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      serveConnection(socket);
    });
    const port = await listenLoopback(server);
    return { port, close: () => closeServer(server, sockets) };
  },
  async connect(port) {
    return createRawClient(await connectLoopback(port));
  },
};
