/**
 * The node's side of a service member: the peer a {@link ServiceTarget} calls through, made by
 * the node (a connect-origin peer, connected on demand) and seen by the target only through
 * {@link MemberLink}, so that discovery never reaches the node's implementation.
 */
import type { WireVersion } from "../wire/framer.ts";
import type { Logger } from "../core/logger.ts";
import type { PeerImpl } from "../connection/peer.ts";
import type { Peer } from "../connection/peer.ts";

/** One member's peer, as a service target drives it. */
export interface MemberLink {
  /** The peer calls go through. */
  readonly peer: Peer;
  /** Calls awaiting a response on its connection (0 when not connected). */
  readonly pending: number;
  /** True while its connection is open. */
  readonly connected: boolean;
  /** True once closed. */
  readonly closed: boolean;
  /** Bytes received on the current connection (0 when not connected). */
  readonly bytesReceived: number;
  /**
   * Calls `listener` each time a call on the member's connection (this one and every later one)
   * times out, with the number of calls timed out since the last response arrived on it.
   */
  watchTimeouts(listener: (inRow: number) => void): void;
  /** Closes the current connection, if any (its calls in flight reject `closed`); the peer stays usable. */
  dropConnection(reason: string): void;
  /** Opens the connection (reuses an open one; waits out the reconnect backoff); rejects `connect-failed` or `peer-closed`. */
  connect(): Promise<void>;
  /** Closes the peer for good (queued frames are still delivered). */
  close(): Promise<void>;
}

/** What a node offers the service targets it makes. */
export interface MemberHost {
  /** The node's wire version: members announcing another one are left out. */
  readonly wire: WireVersion;
  /** The node's logger. */
  readonly logger: Logger;
  /** The node's default call timeout in ms (0: none). */
  readonly defaultTimeout: number;
  /** A new member peer for "host:port" (not connected yet); `onLost` runs each time its connection closes. */
  openMember(addr: string, onLost: (reason: string) => void): MemberLink;
  /** The target closed: the node forgets it. */
  closed(target: object): void;
}

/** The link of a member `peer` made by the node; `release` forgets it on the node's side (run once, on close). */
export function createMemberLink(peer: PeerImpl, release: () => void): MemberLink {
  return new PeerMemberLink(peer, release);
}

/** A class, not an object literal: every link shares the same accessors, so the call path stays monomorphic. */
class PeerMemberLink implements MemberLink {
  readonly peer: PeerImpl;
  private release: (() => void) | null;

  constructor(peer: PeerImpl, release: () => void) {
    this.peer = peer;
    this.release = release;
  }

  get pending(): number {
    const conn = this.peer.connection;
    return conn === null || conn.closed ? 0 : conn.sessions.size;
  }

  get connected(): boolean {
    const conn = this.peer.connection;
    return conn !== null && !conn.closed;
  }

  get closed(): boolean {
    return this.peer.closed;
  }

  get bytesReceived(): number {
    const conn = this.peer.connection;
    return conn === null ? 0 : conn.bytesIn;
  }

  watchTimeouts(listener: (inRow: number) => void): void {
    const conn = this.peer.connection;
    if (conn !== null) conn.sessions.onTimeout = listener;
    this.peer.onConnected = (next) => {
      next.sessions.onTimeout = listener;
    };
  }

  dropConnection(reason: string): void {
    this.peer.connection?.close(reason, "closed");
  }

  async connect(): Promise<void> {
    await this.peer.acquire();
  }

  close(): Promise<void> {
    const release = this.release;
    this.release = null;
    release?.();
    return this.peer.close();
  }
}
