/**
 * Peers: the user-facing handle for the other end. A peer from connect() remembers its address and
 * reconnects on demand (one shared attempt for concurrent callers, backoff between failed ones);
 * a peer from accept lives exactly as long as its connection.
 */
import type { Socket } from "node:net";
import type { HostPort } from "../core/address.ts";
import type { Connection } from "./connection.ts";
import { now } from "../core/deadline.ts";
import { ClusterError } from "../core/errors.ts";
import { createBackoff, type Backoff, type BackoffOptions } from "../core/backoff.ts";

/**
 * A connection that ends sooner than this (ms) after it opened counts as a failed connect: the
 * backoff grows instead of being reset. A peer whose address accepts and then drops every
 * connection (garbage bytes, a protocol error, a crash loop) is not reconnected in a tight loop.
 */
const SHORT_LIVED_MS = 1000;

/** The other end of a connection (made by connect() or by accepting). */
export interface Peer {
  /** "host:port" given to connect(), or the remote address of an accepted connection. */
  readonly address: string;
  /** How the peer was made. */
  readonly origin: "connect" | "accept";
  /** True while a connection is open. */
  readonly connected: boolean;
  /** True once close() was called on it (or its accepted connection is gone). */
  readonly closed: boolean;
  /** The current socket (a tls.TLSSocket with a TLS transport), for admission by certificate; undefined when not connected. */
  readonly socket: Socket | undefined;
}

/** How a connect-origin peer opens a connection (provided by the node). */
export type Dialer = (peer: PeerImpl, signal: AbortSignal) => Promise<Connection>;

/** Options for {@link PeerImpl}. */
export interface PeerOptions {
  /** Address string shown to users. */
  readonly address: string;
  /** How it was made. */
  readonly origin: "connect" | "accept";
  /** Parsed address to dial (connect origin). */
  readonly target?: HostPort;
  /** Opens connections (connect origin). */
  readonly dial?: Dialer;
  /** Backoff settings (connect origin). */
  readonly reconnect?: BackoffOptions;
  /** The owning node, to check a peer is used with its own node. */
  readonly node: object;
}

/** The Peer implementation (internal). */
export class PeerImpl implements Peer {
  /** See Peer. */
  readonly address: string;
  /** See Peer. */
  readonly origin: "connect" | "accept";
  /** Dial target (connect origin). */
  readonly target: HostPort | undefined;
  /** Owning node. */
  readonly node: object;
  /** The open connection, if any. */
  connection: Connection | null = null;
  private closedFlag = false;
  private readonly dial: Dialer | undefined;
  private readonly backoff: Backoff;
  private connecting: Promise<Connection> | null = null;
  private connectAbort: AbortController | null = null;
  private nextAttemptAt = 0;
  private lastError: ClusterError | null = null;
  /** Told of every connection this peer opens, before any call uses it (e.g. to watch its timeouts). */
  onConnected: ((conn: Connection) => void) | null = null;
  /** Set once a warning about a peer that may speak the other wire was logged (it is logged once per peer). */
  wireWarned = false;
  /** When the current connection opened (see {@link SHORT_LIVED_MS}). */
  private connectedAt = 0;

  /** Creates a peer with no connection. */
  constructor(options: PeerOptions) {
    this.address = options.address;
    this.origin = options.origin;
    this.target = options.target;
    this.dial = options.dial;
    this.node = options.node;
    this.backoff = createBackoff(options.reconnect);
  }

  /** See Peer. */
  get connected(): boolean {
    return this.connection !== null && !this.connection.closed;
  }

  /** See Peer. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** See Peer. */
  get socket(): Socket | undefined {
    return this.connection?.socket;
  }

  /** Consecutive failed connect attempts. */
  get failures(): number {
    return this.backoff.failures;
  }

  /** The open connection, or a promise of one (reconnecting), or throws `peer-closed`. */
  acquire(): Connection | Promise<Connection> {
    const conn = this.connection;
    if (conn !== null && !conn.closed) return conn;
    if (this.closedFlag || this.origin === "accept" || this.dial === undefined) {
      throw new ClusterError("peer-closed", this.closedFlag ? "peer is closed" : "accepted connection is gone", {
        peer: this.address,
      });
    }
    return this.connecting ?? this.startConnect();
  }

  private startConnect(): Promise<Connection> {
    const dial = this.dial as Dialer;
    const abort = new AbortController();
    this.connectAbort = abort;
    const wait = this.nextAttemptAt - now();
    const attempt = async (): Promise<Connection> => {
      if (wait > 0) await sleep(wait, abort.signal);
      if (abort.signal.aborted) throw this.closedError();
      return dial(this, abort.signal);
    };
    const promise = attempt().then(
      (conn) => {
        this.connecting = null;
        this.connectAbort = null;
        if (this.closedFlag) {
          conn.close("peer closed during connect", "peer-closed");
          throw this.closedError();
        }
        // The backoff is reset when this connection ends well (see detach): one closed by the
        // other end before it answered anything, or within SHORT_LIVED_MS of opening, counts as a
        // failed attempt.
        this.nextAttemptAt = 0;
        this.lastError = null;
        this.connection = conn;
        this.connectedAt = now();
        this.onConnected?.(conn);
        return conn;
      },
      (error: unknown) => {
        this.connecting = null;
        this.connectAbort = null;
        if (this.closedFlag) throw this.closedError();
        const e = ClusterError.from(error, "connect-failed");
        this.lastError = e;
        this.nextAttemptAt = now() + this.backoff.next();
        throw e;
      },
    );
    this.connecting = promise;
    return promise;
  }

  /** The last connect failure, if the latest attempt failed. */
  get lastConnectError(): ClusterError | null {
    return this.lastError;
  }

  private closedError(): ClusterError {
    return new ClusterError("peer-closed", "peer is closed", { peer: this.address });
  }

  /**
   * Called by the node when the connection is lost. A connect-origin peer's connection that the
   * other end closed right after our first frames without sending a byte (see
   * {@link Connection.closedUnanswered}), or that lived less than {@link SHORT_LIVED_MS}, counts as
   * a failed connect: the next attempt waits out a growing backoff. Any other end resets the
   * backoff. Returns true for the first kind (the caller may suspect the other wire).
   */
  detach(conn: Connection): boolean {
    if (this.connection === conn) this.connection = null;
    if (this.origin === "accept") {
      this.closedFlag = true;
      return false;
    }
    if (this.closedFlag) return false;
    const unanswered = conn.closedUnanswered;
    const t = now();
    if (!unanswered && t - this.connectedAt >= SHORT_LIVED_MS) {
      this.backoff.reset();
      return false;
    }
    this.nextAttemptAt = t + this.backoff.next();
    return unanswered;
  }

  /**
   * Closes the peer for good: cancels a connect in flight and closes the connection gracefully
   * (calls in flight reject `peer-closed` at once; frames already queued are still delivered).
   * Resolves once the socket is closed.
   */
  close(): Promise<void> {
    if (this.closedFlag && this.connection === null) return Promise.resolve();
    this.closedFlag = true;
    this.connectAbort?.abort();
    const conn = this.connection;
    return conn !== null ? conn.closeGracefully("closed locally", "peer-closed") : Promise.resolve();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
