/**
 * The transport seam: how listeners and outgoing connections get their sockets.
 * The default is plain TCP (node:net); a TLS transport (node:tls) implements the same interface,
 * resolving `connect` after the handshake and calling `onSocket` for secured connections.
 */
import * as net from "node:net";
import { ClusterError } from "../core/errors.ts";
import { formatAddress, type HostPort } from "../core/address.ts";

/** Where and how to listen. */
export interface TransportListenOptions {
  /** Host or IP to bind. */
  readonly host: string;
  /** Port (0 picks a free one). */
  readonly port: number;
  /** listen() backlog. */
  readonly backlog?: number | undefined;
}

/** Where to connect. */
export interface TransportConnectOptions {
  /** Host name or IP. */
  readonly host: string;
  /** Port. */
  readonly port: number;
  /** Give up after this many ms (rejects `connect-failed`). */
  readonly timeout: number;
  /** Cancels the attempt (the socket is destroyed). */
  readonly signal: AbortSignal;
}

/** A bound server. */
export interface TransportServer {
  /** The bound address. */
  address(): HostPort;
  /** Stops accepting; resolves once the listening socket is closed. */
  close(): Promise<void>;
}

/** Creates sockets for the cluster runtime. */
export interface Transport {
  /** Binds and calls `onSocket` for every accepted, ready-to-use socket. */
  listen(options: TransportListenOptions, onSocket: (socket: net.Socket) => void): Promise<TransportServer>;
  /** Opens a ready-to-use socket or rejects with a ClusterError. */
  connect(options: TransportConnectOptions): Promise<net.Socket>;
}

/** The plain TCP transport. */
export function createTcpTransport(): Transport {
  return {
    listen(options, onSocket) {
      return new Promise<TransportServer>((resolve, reject) => {
        const server = net.createServer({ noDelay: true }, onSocket);
        const onError = (error: Error): void => {
          reject(
            new ClusterError("listen-failed", `cannot listen on ${formatAddress(options)}: ${error.message}`, {
              cause: error,
            }),
          );
        };
        server.once("error", onError);
        // exclusive: in a node:cluster worker the listener is the worker's own (its own port, announced
        // on its own), not a handle shared through the primary.
        server.listen({ host: options.host, port: options.port, backlog: options.backlog, exclusive: true }, () => {
          server.off("error", onError);
          server.on("error", () => {});
          resolve(wrapServer(server));
        });
      });
    },
    connect(options) {
      return new Promise<net.Socket>((resolve, reject) => {
        const where = formatAddress(options);
        if (options.signal.aborted) {
          reject(new ClusterError("peer-closed", `connect to ${where} cancelled`, { peer: where }));
          return;
        }
        const socket = net.connect({ host: options.host, port: options.port, noDelay: true });
        let timer: NodeJS.Timeout | undefined;
        const finish = (error: ClusterError | null): void => {
          if (timer !== undefined) clearTimeout(timer);
          options.signal.removeEventListener("abort", onAbort);
          socket.off("error", onError);
          socket.off("connect", onConnect);
          if (error === null) {
            resolve(socket);
          } else {
            socket.destroy();
            reject(error);
          }
        };
        const onConnect = (): void => finish(null);
        const onError = (error: Error): void =>
          finish(new ClusterError("connect-failed", `connect to ${where} failed: ${error.message}`, { cause: error }));
        const onAbort = (): void => finish(new ClusterError("peer-closed", `connect to ${where} cancelled`));
        if (options.timeout > 0 && Number.isFinite(options.timeout)) {
          timer = setTimeout(
            () => finish(new ClusterError("connect-failed", `connect to ${where} timed out after ${options.timeout} ms`)),
            options.timeout,
          );
        }
        options.signal.addEventListener("abort", onAbort, { once: true });
        socket.once("error", onError);
        socket.once("connect", onConnect);
      });
    },
  };
}

/** Wraps a listening node:net (or node:tls) server as a {@link TransportServer}. */
export function wrapServer(server: net.Server): TransportServer {
  return {
    address(): HostPort {
      const info = server.address();
      if (info === null || typeof info === "string") {
        throw new ClusterError("internal", "listening socket has no TCP address");
      }
      return { host: info.address, port: info.port };
    },
    close(): Promise<void> {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
