/**
 * One open connection: frame decoding, the coalescing write queue, the pending-call table,
 * and the idle / partial-frame timeouts. Requests are handed to the host (the node).
 */
import type { Socket } from "node:net";
import { now, type TimerWheel } from "./deadline.ts";
import { ClusterError, type ClusterErrorCode } from "./errors.ts";
import type { FrameDecoder, Framer, RequestFrame, TraceWriter } from "./framing.ts";
import type { Logger } from "./logger.ts";
import type { ResolvedLimits } from "./options.ts";
import { SessionTable, startPendingCall, type ResponseDecoder } from "./session.ts";

/** What a connection needs from its node. */
export interface ConnectionHost {
  /** Encoder/decoder for the node's wire version. */
  readonly framer: Framer;
  /** Timeout wheel. */
  readonly wheel: TimerWheel;
  /** Logger. */
  readonly logger: Logger;
  /** Limits. */
  readonly limits: ResolvedLimits;
  /** First session id of a new connection. */
  readonly firstSession: number;
  /** The node's default call timeout. */
  readonly defaultTimeout: number;
  /** Bytes all connections hold for incomplete incoming frames (kept by the connections, bounded by limits.maxBufferedBytes). */
  bufferedBytes: number;
  /** A request arrived. */
  onRequest(connection: Connection, frame: RequestFrame): void;
  /** The connection closed (once). */
  onClosed(connection: Connection, reason: string): void;
}

/** Options for {@link Connection}. */
export interface ConnectionOptions {
  /** The open socket. */
  readonly socket: Socket;
  /** The node. */
  readonly host: ConnectionHost;
  /** Peer address used in messages. */
  readonly peer: string;
}

/** An open connection (internal; users see Peer). */
export class Connection {
  /** The socket. */
  readonly socket: Socket;
  /** Peer address used in messages. */
  readonly peer: string;
  /** Calls in flight. */
  readonly sessions: SessionTable;
  /** Opaque owner slot (the Peer). */
  owner: unknown = undefined;
  private readonly host: ConnectionHost;
  private readonly framer: Framer;
  private readonly decoder: FrameDecoder;
  /** Output buffer: frames produced this tick are written into it back to back, then flushed in one write. */
  private out: Buffer | null = null;
  private queuedBytes = 0;
  /** Capacity for the next output buffer (adapts to the size of recent flushes). */
  private nextCapacity = 256;
  private flushScheduled = false;
  private blocked = false;
  private closedFlag = false;
  private started = false;
  private partialTimer: NodeJS.Timeout | null = null;
  private readonly flushFn = (): void => this.flush();
  private readonly drainFn = (): void => {
    this.blocked = false;
    this.flush();
  };

  /** Wraps an open socket; frames are not read until {@link start}. */
  constructor(options: ConnectionOptions) {
    this.socket = options.socket;
    this.host = options.host;
    this.peer = options.peer;
    this.framer = options.host.framer;
    this.decoder = this.framer.createDecoder();
    this.sessions = new SessionTable({
      wheel: options.host.wheel,
      clock: now,
      peer: options.peer,
      firstSession: options.host.firstSession,
      defaultTimeout: options.host.defaultTimeout,
    });
    const socket = this.socket;
    socket.setNoDelay(true);
    socket.on("error", (error: Error) => {
      this.close(`socket error: ${error.message}`, "closed");
    });
    socket.on("close", () => this.close("remote closed", "closed"));
    const idle = options.host.limits.idleTimeout;
    if (idle > 0) {
      socket.setTimeout(idle, () => this.close(`idle for ${idle} ms`, "closed"));
    }
  }

  /** True once closed. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Bytes queued in user space. */
  get pendingWriteBytes(): number {
    return this.queuedBytes;
  }

  /** Starts reading frames (after admission). */
  start(): void {
    if (this.started || this.closedFlag) return;
    this.started = true;
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
  }

  /**
   * Sends a request and resolves with the response body, or with `decode.decodePacked(body)` when
   * given (a throw from it rejects the call); throws (synchronously) when the request cannot be sent.
   */
  call<T = Uint8Array>(
    cmd: number,
    body: Uint8Array,
    trace: TraceWriter,
    timeout: number,
    signal: AbortSignal | undefined,
    decode?: ResponseDecoder<T>,
  ): Promise<T> {
    const sessions = this.sessions;
    if (sessions.size >= this.host.limits.maxPendingCalls) {
      throw new ClusterError("too-many-pending", `${sessions.size} calls already in flight`, { peer: this.peer });
    }
    const session = this.writeRequest(cmd, body, trace);
    return startPendingCall(sessions, session, timeout, signal, decode);
  }

  /** Sends a one-way request (a real session whose response, if any, is dropped); throws when it cannot. */
  send(cmd: number, body: Uint8Array, trace: TraceWriter): void {
    this.writeRequest(cmd, body, trace);
  }

  /** Sends a response; throws `frame-too-large`, `queue-full` or `closed`. */
  respond(session: number, body: Uint8Array): void {
    let size: number;
    try {
      size = this.framer.responseSize(body.length);
    } catch (error) {
      throw withPeer(error, this.peer);
    }
    const at = this.reserve(size);
    this.framer.writeResponse(this.out as Buffer, at, session, body);
    if (body.length > this.host.limits.softFrameBytes) this.warnSoft(body.length, "response");
  }

  private writeRequest(cmd: number, body: Uint8Array, trace: TraceWriter): number {
    let size: number;
    try {
      size = this.framer.requestSize(body.length);
    } catch (error) {
      throw withPeer(error, this.peer);
    }
    const session = this.sessions.nextSession();
    const at = this.reserve(size);
    this.framer.writeRequest(this.out as Buffer, at, session, cmd, body, trace);
    if (body.length > this.host.limits.softFrameBytes) this.warnSoft(body.length, "request");
    return session;
  }

  private warnSoft(size: number, kind: string): void {
    this.host.logger.warn(`large ${kind} body`, { peer: this.peer, bytes: size });
  }

  /** Makes room for `size` bytes in the output buffer and returns the offset to write at. */
  private reserve(size: number): number {
    if (this.closedFlag) throw new ClusterError("closed", "connection is closed", { peer: this.peer });
    const used = this.queuedBytes;
    const limit = this.host.limits.maxQueueBytes;
    if (used > 0 && used + size > limit) {
      throw new ClusterError("queue-full", `outgoing queue holds ${used} bytes (limit ${limit})`, { peer: this.peer });
    }
    let out = this.out;
    if (out === null || used + size > out.length) {
      const capacity = Math.max(used + size, out === null ? this.nextCapacity : out.length * 2);
      const grown = Buffer.allocUnsafe(capacity);
      if (out !== null && used > 0) out.copy(grown, 0, 0, used);
      this.out = out = grown;
    }
    this.queuedBytes = used + size;
    if (!this.flushScheduled && !this.blocked) {
      this.flushScheduled = true;
      process.nextTick(this.flushFn);
    }
    return used;
  }

  /** Writes everything queued as one socket write. */
  private flush(): void {
    this.flushScheduled = false;
    const used = this.queuedBytes;
    if (this.blocked || this.closedFlag || used === 0) return;
    const data = (this.out as Buffer).subarray(0, used);
    this.out = null;
    this.queuedBytes = 0;
    this.nextCapacity = Math.min(Math.max(256, used + (used >> 2)), 4 * 1024 * 1024);
    if (!this.socket.write(data)) {
      this.blocked = true;
      this.socket.once("drain", this.drainFn);
    }
  }

  private onData(chunk: Buffer): void {
    if (this.closedFlag) return;
    const decoder = this.decoder;
    const host = this.host;
    const heldBefore = decoder.heldBytes;
    let frames;
    try {
      frames = decoder.decode(chunk);
    } catch (error) {
      host.bufferedBytes += decoder.heldBytes - heldBefore;
      const reason = error instanceof Error ? error.message : String(error);
      host.logger.warn("protocol error, closing connection", { peer: this.peer, error: reason });
      this.close(`protocol error: ${reason}`, "closed");
      return;
    }
    const held = decoder.heldBytes;
    if (held !== heldBefore) {
      host.bufferedBytes += held - heldBefore;
      if (held > heldBefore && host.bufferedBytes > host.limits.maxBufferedBytes) {
        const limit = host.limits.maxBufferedBytes;
        host.logger.warn("buffered-bytes budget exceeded, closing connection", { peer: this.peer, held, limit });
        this.close(`incomplete frames exceed the node's budget of ${limit} bytes`, "closed");
        return;
      }
    }
    const sessions = this.sessions;
    for (let i = 0; i < frames.length; i++) {
      if (this.closedFlag) return;
      const frame = frames[i]!;
      if (frame.kind === "response") {
        if (!sessions.resolve(frame.session, frame.body)) {
          this.host.logger.debug("response for a session not waited on, dropped", {
            peer: this.peer,
            session: frame.session,
          });
        }
      } else {
        this.host.onRequest(this, frame);
      }
    }
    // Responses produced synchronously by the handlers go out now, in one write (async ones at nextTick).
    if (this.queuedBytes > 0 && !this.blocked && !this.closedFlag) this.flush();
    this.trackPartial(frames.length > 0);
  }

  /** Keeps the partial-frame timer running exactly while a frame is incomplete, timed from that frame's first bytes. */
  private trackPartial(completedFrames: boolean): void {
    const limit = this.host.limits.partialFrameTimeout;
    if (limit <= 0) return;
    if (this.decoder.pendingBytes === 0) {
      if (this.partialTimer !== null) {
        clearTimeout(this.partialTimer);
        this.partialTimer = null;
      }
    } else if (this.partialTimer !== null) {
      // Frames completed in this chunk, so the incomplete one started in it: its time starts now.
      if (completedFrames) this.partialTimer.refresh();
    } else {
      this.partialTimer = setTimeout(() => {
        this.partialTimer = null;
        this.close(`incomplete frame held for over ${limit} ms`, "closed");
      }, limit);
    }
  }

  /** Closes the socket, rejects every call in flight with `code`, and reports `reason` once. */
  close(reason: string, code: ClusterErrorCode): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    if (this.partialTimer !== null) clearTimeout(this.partialTimer);
    this.partialTimer = null;
    this.out = null;
    this.queuedBytes = 0;
    this.host.bufferedBytes -= this.decoder.heldBytes;
    this.decoder.reset();
    this.socket.destroy();
    this.sessions.rejectAll(new ClusterError(code, `connection lost: ${reason}`, { peer: this.peer }));
    this.host.onClosed(this, reason);
  }
}

function withPeer(error: unknown, peer: string): ClusterError {
  return ClusterError.from(error).withPeer(peer);
}
