/**
 * A TCP server that accepts connections and never answers: every call sent to it can
 * only end by timing out. The memory part uses it to check that timed-out calls leave
 * nothing behind in a client's pending-call table.
 */
import * as net from "node:net";
import type { RpcServer } from "./contender.ts";
import { closeServer, listenLoopback } from "./raw.ts";

/** Starts a black-hole server on 127.0.0.1 with a free port. */
export async function startBlackhole(): Promise<RpcServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("data", () => undefined);
    socket.on("error", () => socket.destroy());
    socket.on("close", () => sockets.delete(socket));
  });
  const port = await listenLoopback(server);
  return { port, close: () => closeServer(server, sockets) };
}
