/**
 * Listeners: a bound server, its accepted connections, the connection limit and admission.
 */
import type { Socket } from "node:net";
import type { HostPort } from "../core/address.ts";
import type { Connection } from "./connection.ts";
import type { TransportServer } from "../transport/tcp.ts";
import type { WireVersion } from "../wire/framer.ts";

/** A listening socket. */
export interface Listener {
  /** The bound address (the real port when listening on port 0). */
  readonly address: HostPort;
  /** Currently open accepted connections. */
  readonly connections: number;
  /** True once closed. */
  readonly closed: boolean;
  /** The silly wire version of the node that listens (what an announcement of it publishes). */
  readonly wire: WireVersion;
}

/** The Listener implementation (internal). */
export class ListenerImpl implements Listener {
  /** Accepted connections still open. */
  readonly conns = new Set<Connection>();
  /** The bound server (set once listening). */
  server: TransportServer | null = null;
  /** Owning node. */
  readonly node: object;
  /** The owning node's wire version. */
  readonly wire: WireVersion;
  private closedFlag = false;
  private bound: HostPort = { host: "", port: 0 };
  private stopping: Promise<void> | undefined;

  /** Creates an unbound listener record. */
  constructor(node: object, wire: WireVersion) {
    this.node = node;
    this.wire = wire;
  }

  /** Records the server once bound. */
  bind(server: TransportServer): void {
    this.server = server;
    this.bound = server.address();
  }

  /** See Listener. */
  get address(): HostPort {
    return this.bound;
  }

  /** See Listener. */
  get connections(): number {
    return this.conns.size;
  }

  /** See Listener. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Stops accepting new connections at once; accepted ones stay open. Idempotent; resolves when the server has closed (after its accepted connections). */
  stopAccepting(): Promise<void> {
    this.stopping ??= this.server?.close() ?? Promise.resolve();
    return this.stopping;
  }

  /** Stops accepting and closes every accepted connection gracefully (queued frames are delivered first). */
  async close(): Promise<void> {
    if (this.closedFlag) return;
    this.closedFlag = true;
    const closing = this.stopAccepting();
    const ending = [...this.conns].map((conn) => conn.closeGracefully("listener closed locally", "peer-closed"));
    await Promise.all(ending);
    await closing;
  }
}

/** The "host:port" of an accepted socket's remote end. */
export function remoteAddressOf(socket: Socket): string {
  const host = socket.remoteAddress ?? "unknown";
  const port = socket.remotePort ?? 0;
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
