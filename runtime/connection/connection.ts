/**
 * One open connection: frame decoding, the coalescing write queue, the pending-call table,
 * and the idle / partial-frame timeouts. Requests are handed to the host (the node).
 *
 * Backpressure: the requests being handled are counted ({@link Connection.requestStarted} /
 * {@link Connection.requestEnded}); at `limits.maxConcurrentRequests` decoding stops after the
 * request that reached it, the rest of the chunk is parked and the socket paused, so TCP pushes
 * back on the sender. Once a handler finishes, the parked bytes are decoded and reading resumes.
 */
import type { Socket } from "node:net";
import { now, type TimerWheel } from "../core/deadline.ts";
import { ClusterError, type ClusterErrorCode } from "../core/errors.ts";
import { REQUEST_OVERHEAD, RESPONSE_OVERHEAD } from "../wire/frames.ts";
import type { FrameDecoder, Framer, FrameVisitor, RequestFrame, TraceWriter } from "../wire/framer.ts";
import type { Logger } from "../core/logger.ts";
import type { ResolvedLimits } from "./limits.ts";
import type { PackedBodySink } from "../zproto/codec.ts";
import { endSocket } from "../transport/socket-end.ts";
import { tlsRefusalOf } from "../transport/tls-refusal.ts";
import { MismatchWatch } from "../wire/mismatch-sniffer.ts";
import { SessionTable, startPendingCall, type ResponseDecoder } from "./sessions.ts";

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
  /** How long {@link Connection.closeGracefully} waits for queued frames to reach the peer, in ms (0: not at all). */
  readonly closeTimeout: number;
  /** Bytes all connections hold for incomplete incoming frames (kept by the connections, bounded by limits.maxBufferedBytes). */
  bufferedBytes: number;
  /** Counts bytes read ("in", per chunk) and handed to the socket ("out", per write); undefined: not counted. */
  readonly countBytes?: ((direction: "in" | "out", count: number) => void) | undefined;
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

/** Encodes a request body straight into a frame being built (every generated `MessageCodec` is one). */
export interface PackedBodyEncoder<Req> {
  /** Encodes and packs `value` into the room `sink` makes; returns the body's end offset. */
  encodePackedTo(value: Req, sink: PackedBodySink): number;
}

/** Where a codec packs the body of the frame being built in a connection's output buffer. */
class FrameSink implements PackedBodySink {
  /** Start of the frame being built (set by {@link reserveBody}). */
  frameAt = 0;
  private readonly conn: Connection;
  private readonly bodyOffset: number;
  private readonly overhead: number;

  constructor(conn: Connection, bodyOffset: number, overhead: number) {
    this.conn = conn;
    this.bodyOffset = bodyOffset;
    this.overhead = overhead;
  }

  reserveBody(bound: number): number {
    const at = this.conn.makeRoom(this.overhead + bound);
    this.frameAt = at;
    return at + this.bodyOffset;
  }

  get bodyBuffer(): Buffer {
    return this.conn.outBuffer;
  }
}

/** An open connection (internal; users see Peer). */
export class Connection implements FrameVisitor {
  /** The socket. */
  readonly socket: Socket;
  /** Peer address used in messages. */
  readonly peer: string;
  /** Calls in flight. */
  readonly sessions: SessionTable;
  /** Opaque owner slot (the Peer). */
  owner: unknown = undefined;
  /** Bytes received so far. */
  bytesIn = 0;
  /** Bytes handed to the socket so far. */
  bytesOut = 0;
  /** True when the close came from the other end (its FIN or RST, or a socket error), not from this node. */
  closedByRemote = false;
  private readonly host: ConnectionHost;
  /** The node's limits (`host.limits`, read on every frame). */
  private readonly limits: ResolvedLimits;
  private readonly framer: Framer;
  private readonly decoder: FrameDecoder;
  /** Largest request / response body whose frame stays within `limits.softFrameBytes` (larger ones warn). */
  private readonly softRequestBody: number;
  private readonly softResponseBody: number;
  /** The decoder's held bytes as last added to the host's `bufferedBytes`. */
  private heldCounted = 0;
  /** Packs request bodies into the output buffer. */
  private readonly requestSink: FrameSink;
  /** Packs response bodies into the output buffer. */
  private readonly responseSink: FrameSink;
  /** Output buffer: frames produced this tick are written into it back to back, then flushed in one write. */
  private out: Buffer | null = null;
  private queuedBytes = 0;
  /** Capacity for the next output buffer (adapts to the size of recent flushes). */
  private nextCapacity = 256;
  private flushScheduled = false;
  private blocked = false;
  private closedFlag = false;
  private started = false;
  /** Settles once the socket is closed (set when the connection closes). */
  private ended: Promise<void> | null = null;
  private partialTimer: NodeJS.Timeout | null = null;
  /** Requests whose handling has started and not ended (see the file comment). */
  private handling = 0;
  /** Received bytes not decoded yet because reading is paused at the request limit; null while reading. */
  private parked: Buffer[] | null = null;
  /** True once a byte was received (a TLS server that closes before it may have refused this node). */
  private receivedAny = false;
  private resumeScheduled = false;
  private readonly resumeFn = (): void => this.resumeReading();
  /** Watches the first bytes received for the other wire version's framing (wire-sniff.ts); null once ruled out. */
  private watch: MismatchWatch | null;
  private readonly flushFn = (): void => this.flush();
  private readonly drainFn = (): void => {
    this.blocked = false;
    this.flush();
  };

  /** Wraps an open socket; frames are not read until {@link start}. */
  constructor(options: ConnectionOptions) {
    this.socket = options.socket;
    this.host = options.host;
    this.limits = options.host.limits;
    this.peer = options.peer;
    this.framer = options.host.framer;
    this.decoder = this.framer.createDecoder();
    this.watch = new MismatchWatch(this.framer.wire, this.framer.maxFrameBytes, {
      pendingBytes: () => this.decoder.pendingBytes,
      mismatch: (reason) => this.closeMismatch(reason),
      reject: (reason) => this.closeProtocolError(reason),
    });
    // silly warns when header + body (its `len`, without the length prefix) exceed the soft limit.
    this.softRequestBody = this.limits.softFrameBytes - REQUEST_OVERHEAD;
    this.softResponseBody = this.limits.softFrameBytes - RESPONSE_OVERHEAD;
    const framer = this.framer;
    this.requestSink = new FrameSink(this, framer.requestBodyOffset, framer.requestFrameOverhead);
    this.responseSink = new FrameSink(this, framer.responseBodyOffset, framer.responseFrameOverhead);
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
      if (!this.closedFlag) this.closedByRemote = true;
      const refused = tlsRefusalOf(socket, error, this.receivedAny);
      if (refused !== undefined) this.close(refused.reason, refused.code, error);
      else this.close(`socket error: ${error.message}`, "closed", error);
    });
    socket.on("close", () => {
      if (!this.closedFlag) this.closedByRemote = true;
      const refused = tlsRefusalOf(socket, undefined, this.receivedAny);
      if (refused !== undefined) this.close(refused.reason, refused.code);
      else this.close("remote closed", "closed");
    });
    const idle = options.host.limits.idleTimeout;
    if (idle > 0) {
      socket.setTimeout(idle, () => this.close(`idle for ${idle} ms`, "closed"));
    }
  }

  /** True once closed. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /**
   * True when the other end closed the connection after this node sent it something but before
   * it sent a single byte back: what a node of the other wire version does with our first frame.
   */
  get closedUnanswered(): boolean {
    return this.closedFlag && this.closedByRemote && this.bytesIn === 0 && this.bytesOut > 0;
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
    if (sessions.size >= this.limits.maxPendingCalls) {
      throw new ClusterError("too-many-pending", `${sessions.size} calls already in flight`, { peer: this.peer });
    }
    const session = this.writeRequest(cmd, body, trace);
    return startPendingCall(sessions, session, timeout, signal, decode);
  }

  /**
   * {@link call} with the body encoded and packed by `encoder` straight into this tick's output
   * buffer (no intermediate body). Throws (synchronously) what the encoder throws, or when the
   * request cannot be sent; nothing is queued then.
   */
  callEncoded<Req, T>(
    cmd: number,
    encoder: PackedBodyEncoder<Req>,
    value: Req,
    trace: TraceWriter,
    timeout: number,
    signal: AbortSignal | undefined,
    decode: ResponseDecoder<T> | undefined,
  ): Promise<T> {
    const sink = this.requestSink;
    const bodyEnd = encoder.encodePackedTo(value, sink);
    const sessions = this.sessions;
    if (sessions.size >= this.limits.maxPendingCalls) {
      throw new ClusterError("too-many-pending", `${sessions.size} calls already in flight`, { peer: this.peer });
    }
    const framer = this.framer;
    const at = sink.frameAt;
    const n = bodyEnd - at - framer.requestBodyOffset;
    let size: number;
    try {
      size = framer.requestSize(n);
    } catch (error) {
      this.dropIdleRoom();
      throw withPeer(error, this.peer);
    }
    const session = sessions.nextSession();
    this.commit(size);
    framer.writeRequestFields(this.out as Buffer, at, session, cmd, n, trace);
    if (n > this.softRequestBody) this.warnSoft(n, "request");
    return startPendingCall(sessions, session, timeout, signal, decode);
  }

  /**
   * Encodes and packs a response body with `encoder` straight into the output buffer, to be
   * sent by {@link commitResponse} (nothing is queued before). Throws what the encoder throws.
   */
  packResponse<V>(encoder: PackedBodyEncoder<V>, value: V): number {
    return encoder.encodePackedTo(value, this.responseSink);
  }

  /** Queues the response to `session` whose body {@link packResponse} just packed (ending at `bodyEnd`); throws `frame-too-large` or `queue-full`. */
  commitResponse(session: number, bodyEnd: number): void {
    const framer = this.framer;
    const at = this.responseSink.frameAt;
    const n = bodyEnd - at - framer.responseBodyOffset;
    let size: number;
    try {
      size = framer.responseSize(n);
    } catch (error) {
      this.dropIdleRoom();
      throw withPeer(error, this.peer);
    }
    this.commit(size);
    framer.writeResponseFields(this.out as Buffer, at, session, n);
    if (n > this.softResponseBody) this.warnSoft(n, "response");
  }

  /**
   * Makes room for a frame of up to `size` bytes after the queued ones and returns its offset;
   * nothing is queued until it is committed. Throws `closed` on a closed connection.
   */
  makeRoom(size: number): number {
    if (this.closedFlag) throw new ClusterError("closed", "connection is closed", { peer: this.peer });
    const used = this.queuedBytes;
    this.room(used + size);
    return used;
  }

  /** The output buffer (valid after {@link makeRoom}). */
  get outBuffer(): Buffer {
    return this.out as Buffer;
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
    if (body.length > this.softResponseBody) this.warnSoft(body.length, "response");
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
    if (body.length > this.softRequestBody) this.warnSoft(body.length, "request");
    return session;
  }

  /** Logs a frame whose `len` (header + body, as silly counts it) is over `limits.softFrameBytes`. */
  private warnSoft(body: number, kind: "request" | "response"): void {
    const bytes = body + (kind === "request" ? REQUEST_OVERHEAD : RESPONSE_OVERHEAD);
    this.host.logger.warn(`large ${kind} frame`, { peer: this.peer, bytes, body, limit: this.limits.softFrameBytes });
  }

  /** Makes room for `size` bytes in the output buffer and returns the offset to write at. */
  private reserve(size: number): number {
    if (this.closedFlag) throw new ClusterError("closed", "connection is closed", { peer: this.peer });
    const used = this.queuedBytes;
    this.room(used + size);
    this.commit(size);
    return used;
  }

  /** Lets go of an output buffer grown for a frame that was refused, when nothing is queued in it. */
  private dropIdleRoom(): void {
    const out = this.out;
    if (out !== null && this.queuedBytes === 0 && out.length > this.nextCapacity) this.out = null;
  }

  /** Makes the output buffer hold at least `total` bytes (keeping the queued ones). */
  private room(total: number): void {
    const out = this.out;
    if (out === null || total > out.length) {
      const used = this.queuedBytes;
      const capacity = Math.max(total, out === null ? this.nextCapacity : out.length * 2);
      const grown = Buffer.allocUnsafe(capacity);
      if (out !== null && used > 0) out.copy(grown, 0, 0, used);
      this.out = grown;
    }
  }

  /** Queues the `size` bytes written after the queued ones (room made); throws `queue-full` over the limit. */
  private commit(size: number): void {
    const used = this.queuedBytes;
    const limit = this.limits.maxQueueBytes;
    if (used > 0 && used + size > limit) {
      throw new ClusterError("queue-full", `outgoing queue holds ${used} bytes (limit ${limit})`, { peer: this.peer });
    }
    this.queuedBytes = used + size;
    if (!this.flushScheduled && !this.blocked) {
      this.flushScheduled = true;
      process.nextTick(this.flushFn);
    }
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
    this.bytesOut += used;
    const count = this.host.countBytes;
    if (count !== undefined) count("out", used);
    if (!this.socket.write(data)) {
      this.blocked = true;
      this.socket.once("drain", this.drainFn);
    }
  }

  private onData(chunk: Buffer): void {
    if (this.closedFlag) return;
    const host = this.host;
    this.bytesIn += chunk.length;
    const count = host.countBytes;
    if (count !== undefined) count("in", chunk.length);
    this.receivedAny = true;
    // Paused at the request limit: nothing is decoded until handlers finish (a safety net: a paused socket emits no data).
    const parked = this.parked;
    if (parked !== null) {
      parked.push(chunk);
      return;
    }
    // While the first bytes are watched for the other wire's framing (see wire-sniff.ts).
    if (this.watch?.beforeChunk(chunk)) return;
    this.take(chunk);
  }

  /** The handling of a request arrived on this connection started (counted against `limits.maxConcurrentRequests`). */
  requestStarted(): void {
    this.handling++;
  }

  /** The handling of a request ended (its handler finished or was abandoned): reading resumes below the limit. */
  requestEnded(): void {
    this.handling--;
    if (this.parked !== null && !this.resumeScheduled && this.handling < this.limits.maxConcurrentRequests) {
      this.resumeScheduled = true;
      setImmediate(this.resumeFn);
    }
  }

  /** Decodes the parked bytes and, unless the limit is reached again, reads from the socket again. */
  private resumeReading(): void {
    this.resumeScheduled = false;
    const chunks = this.parked;
    if (this.closedFlag || chunks === null || this.handling >= this.limits.maxConcurrentRequests) return;
    this.parked = null;
    for (let i = 0; i < chunks.length; i++) {
      this.take(chunks[i] as Buffer);
      if (this.closedFlag) return;
      const again = this.parked as Buffer[] | null;
      if (again !== null) {
        for (let j = i + 1; j < chunks.length; j++) again.push(chunks[j] as Buffer);
        return;
      }
    }
    this.socket.resume();
  }

  /** Decodes a received chunk (or the parked rest of one). */
  private take(chunk: Buffer): void {
    const decoder = this.decoder;
    const host = this.host;
    const watch = this.watch;
    let frames: number;
    try {
      frames = decoder.decodeEach(chunk, this);
    } catch (error) {
      if (this.closedFlag) return;
      const reason = error instanceof Error ? error.message : String(error);
      if (watch === null || !watch.onRejected(reason)) this.closeProtocolError(reason);
      return;
    }
    // A handler closed the connection: the rest of the chunk was dropped.
    if (this.closedFlag) return;
    if (this.handling >= this.limits.maxConcurrentRequests && frames > 0 && this.parked === null) {
      // Stopped at the request limit (see visitRequest): keep the rest, stop reading.
      this.parked = decoder.consumed < chunk.length ? [chunk.subarray(decoder.consumed)] : [];
      this.socket.pause();
    }
    const held = decoder.heldBytes;
    const before = this.heldCounted;
    if (held !== before) {
      this.heldCounted = held;
      host.bufferedBytes += held - before;
      if (held > before && host.bufferedBytes > host.limits.maxBufferedBytes) {
        const limit = host.limits.maxBufferedBytes;
        host.logger.warn("buffered-bytes budget exceeded, closing connection", { peer: this.peer, held, limit });
        this.close(`incomplete frames exceed the node's budget of ${limit} bytes`, "closed");
        return;
      }
    }
    // Responses produced synchronously by the handlers go out now, in one write (async ones at nextTick).
    if (this.queuedBytes > 0 && !this.blocked) this.flush();
    this.trackPartial(frames > 0);
    if (watch !== null && !watch.afterChunk()) this.watch = null;
  }

  /** Closes the connection on a malformed frame (logged at warn). */
  private closeProtocolError(reason: string): void {
    this.host.logger.warn("protocol error, closing connection", { peer: this.peer, error: reason });
    this.close(`protocol error: ${reason}`, "closed");
  }

  /** Closes the connection because its peer speaks the other wire version (logged at warn). */
  private closeMismatch(reason: string): void {
    this.host.logger.warn("wire version mismatch, closing connection", { peer: this.peer, error: reason });
    this.close(`protocol error: ${reason}`, "protocol");
  }

  /** {@link FrameVisitor}: settles the call waiting for `session` with the body `buf[start, end)`. */
  visitResponse(session: number, buf: Buffer, start: number, end: number): boolean {
    if (!this.sessions.resolveRange(session, buf, start, end)) {
      this.host.logger.debug("response for a session not waited on, dropped", { peer: this.peer, session });
    }
    return !this.closedFlag;
  }

  /** {@link FrameVisitor}: hands a request to the node; stops decoding at the request limit. */
  visitRequest(frame: RequestFrame): boolean {
    this.host.onRequest(this, frame);
    return !this.closedFlag && this.handling < this.limits.maxConcurrentRequests;
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
        const watch = this.watch;
        if (watch?.suspect) this.closeMismatch(watch.reason);
        else this.close(`incomplete frame held for over ${limit} ms`, "closed");
      }, limit);
    }
  }

  /**
   * Destroys the socket (queued frames are dropped), rejects every call in flight with `code`, and
   * reports `reason` once. `cause` (the socket error, when there is one) becomes those errors' `cause`.
   */
  close(reason: string, code: ClusterErrorCode, cause?: unknown): void {
    if (!this.closedFlag) this.shutDown(reason, code, 0, cause);
  }

  /**
   * Closes like {@link close}, except that every frame queued so far is still delivered: it is
   * handed to the socket, which is then ended gracefully (destroyed if the peer has not read
   * everything and closed its side within `host.closeTimeout` ms). Calls in flight reject with
   * `code` at once. Resolves once the socket is closed; never rejects.
   */
  closeGracefully(reason: string, code: ClusterErrorCode): Promise<void> {
    if (!this.closedFlag) this.shutDown(reason, code, this.host.closeTimeout);
    return this.ended ?? Promise.resolve();
  }

  private shutDown(reason: string, code: ClusterErrorCode, flushTimeout: number, cause?: unknown): void {
    this.closedFlag = true;
    this.parked = null;
    if (this.partialTimer !== null) clearTimeout(this.partialTimer);
    this.partialTimer = null;
    this.watch?.stop();
    this.watch = null;
    const out = this.out;
    const tail = out !== null && this.queuedBytes > 0 ? out.subarray(0, this.queuedBytes) : null;
    this.out = null;
    this.queuedBytes = 0;
    this.host.bufferedBytes -= this.heldCounted;
    this.heldCounted = 0;
    this.decoder.reset();
    if (tail !== null && flushTimeout > 0) this.host.countBytes?.("out", tail.length);
    this.ended = endSocket(this.socket, tail, flushTimeout);
    this.sessions.rejectAll(new ClusterError(code, `connection lost: ${reason}`, { peer: this.peer, cause }));
    this.host.onClosed(this, reason);
  }
}

function withPeer(error: unknown, peer: string): ClusterError {
  return ClusterError.from(error).withPeer(peer);
}
