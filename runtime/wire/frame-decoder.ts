/**
 * The incremental frame decoder of both wire versions: feed it chunks as they arrive; it hands
 * each complete frame to a visitor as it parses it (responses as a range of the chunk, requests
 * as an object whose body view is made when read) and keeps only an unfinished tail.
 */
import { Buffer } from "node:buffer";
import { getU32LE } from "../core/bytes.ts";
import { ClusterError } from "../core/errors.ts";
import {
  MAX_SESSION,
  REQUEST_OVERHEAD,
  RESPONSE_FLAG,
  RESPONSE_OVERHEAD,
  type Frame,
  type FrameDecoder,
  type FrameVisitor,
  type RequestFrame,
} from "./frames.ts";
import { traceIdOf } from "../core/trace.ts";

/**
 * Hands one complete frame, whose `len` bytes start at `at` in `buf`, to `visitor`: a response
 * as a range of `buf`, a request as a {@link DecodedRequest} (its body view made when read).
 * Returns what the visit returned.
 */
function visitFrame(v070: boolean, buf: Buffer, at: number, len: number, visitor: FrameVisitor): boolean {
  if (v070) {
    const end = at + len;
    const word = getU32LE(buf, end - 4);
    if (word >= RESPONSE_FLAG) return visitor.visitResponse(word & MAX_SESSION, buf, at, end - 4);
    if (len < REQUEST_OVERHEAD) throw shortFrame(len, "request");
    const t = end - 16;
    return visitor.visitRequest(new DecodedRequest(word, getU32LE(buf, t + 8), getU32LE(buf, t), getU32LE(buf, t + 4), buf, at, t));
  }
  const word = getU32LE(buf, at);
  if (word >= RESPONSE_FLAG) return visitor.visitResponse(word & MAX_SESSION, buf, at + 4, at + len);
  if (len < REQUEST_OVERHEAD) throw shortFrame(len, "request");
  return visitor.visitRequest(
    new DecodedRequest(word, getU32LE(buf, at + 4), getU32LE(buf, at + 8), getU32LE(buf, at + 12), buf, at + 16, at + len),
  );
}

/** Collects visited frames as {@link Frame} objects (for {@link FrameDecoder.decode}). */
class FrameCollector implements FrameVisitor {
  frames: Frame[] = [];

  visitResponse(session: number, buf: Buffer, start: number, end: number): boolean {
    this.frames.push({ kind: "response", session, body: Buffer.from(buf.buffer, buf.byteOffset + start, end - start) });
    return true;
  }

  visitRequest(frame: RequestFrame): boolean {
    this.frames.push(frame);
    return true;
  }
}

/** A decoded request; the bigint trace id and the body view are made only when read. */
class DecodedRequest implements RequestFrame {
  readonly kind = "request" as const;
  readonly session: number;
  readonly cmd: number;
  readonly traceLo: number;
  readonly traceHi: number;
  readonly bytes: Buffer;
  readonly bodyStart: number;
  readonly bodyEnd: number;
  private view: Buffer | undefined = undefined;

  constructor(session: number, cmd: number, traceLo: number, traceHi: number, bytes: Buffer, bodyStart: number, bodyEnd: number) {
    this.session = session;
    this.cmd = cmd;
    this.traceLo = traceLo;
    this.traceHi = traceHi;
    this.bytes = bytes;
    this.bodyStart = bodyStart;
    this.bodyEnd = bodyEnd;
  }

  get body(): Uint8Array {
    let view = this.view;
    if (view === undefined) {
      const bytes = this.bytes;
      this.view = view = Buffer.from(bytes.buffer, bytes.byteOffset + this.bodyStart, this.bodyEnd - this.bodyStart);
    }
    return view;
  }

  get traceId(): bigint {
    return traceIdOf(this.traceLo, this.traceHi);
  }
}

function shortFrame(len: number, kind: string): ClusterError {
  return new ClusterError("protocol", `frame length ${len} is below the minimum for a ${kind}`);
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
}

/** Partial frames up to this size get one buffer up front; larger ones are kept as received pieces. */
const PREALLOCATE_MAX = 64 * 1024;

class Decoder implements FrameDecoder {
  private readonly v070: boolean;
  private readonly maxLen: number;
  private readonly prefix: number;
  /** Length-prefix bytes collected so far when a chunk ended inside the prefix. */
  private readonly head: Buffer;
  private headFill = 0;
  /** `len` of the frame being assembled (0: none). */
  private want = 0;
  /** Bytes of it received so far. */
  private fill = 0;
  /** Its buffer, for frames up to PREALLOCATE_MAX. */
  private body: Buffer | null = null;
  /** Its received pieces, for larger frames: memory grows with what arrives, not with what `len` claims. */
  private parts: Buffer[] | null = null;
  /** See {@link FrameDecoder.consumed}. */
  consumed = 0;

  constructor(v070: boolean, maxLen: number) {
    this.v070 = v070;
    this.maxLen = maxLen;
    this.prefix = v070 ? 2 : 4;
    this.head = Buffer.alloc(this.prefix);
  }

  get pendingBytes(): number {
    return this.want > 0 ? this.prefix + this.fill : this.headFill;
  }

  get heldBytes(): number {
    if (this.want === 0) return this.headFill;
    return this.prefix + (this.body !== null ? this.want : this.fill);
  }

  reset(): void {
    this.headFill = 0;
    this.want = 0;
    this.fill = 0;
    this.body = null;
    this.parts = null;
  }

  private checkLen(len: number): void {
    if (len < RESPONSE_OVERHEAD) throw shortFrame(len, "frame");
    if (len > this.maxLen) {
      throw new ClusterError("protocol", `frame length ${len} exceeds the limit of ${this.maxLen} bytes`);
    }
  }

  private readLen(buf: Buffer, at: number): number {
    return this.v070 ? (buf[at]! << 8) | buf[at + 1]! : getU32LE(buf, at);
  }

  /** Starts assembling a frame of `len` bytes (already checked against the limit). */
  private begin(len: number): void {
    this.want = len;
    this.fill = 0;
    if (len <= PREALLOCATE_MAX) this.body = Buffer.allocUnsafe(len);
    else this.parts = [];
  }

  /** Adds bytes [from, to) of `chunk`; returns the complete frame bytes once all arrived. */
  private append(chunk: Buffer, from: number, to: number): Buffer | null {
    const body = this.body;
    if (body !== null) chunk.copy(body, this.fill, from, to);
    else this.parts?.push(chunk.subarray(from, to));
    this.fill += to - from;
    if (this.fill < this.want) return null;
    const done = body ?? Buffer.concat(this.parts ?? [], this.want);
    this.want = 0;
    this.fill = 0;
    this.body = null;
    this.parts = null;
    return done;
  }

  decode(input: Uint8Array): Frame[] {
    const collector = new FrameCollector();
    this.decodeEach(input, collector);
    return collector.frames;
  }

  decodeEach(input: Uint8Array, visitor: FrameVisitor): number {
    const chunk = toBuffer(input);
    const size = chunk.length;
    const v070 = this.v070;
    let count = 0;
    let off = 0;
    this.consumed = size;
    // Finish a frame left incomplete by the previous chunk.
    if (this.headFill > 0 || this.want > 0) {
      if (this.want === 0) {
        const take = Math.min(this.prefix - this.headFill, size);
        chunk.copy(this.head, this.headFill, 0, take);
        this.headFill += take;
        off = take;
        if (this.headFill < this.prefix) return 0;
        this.headFill = 0;
        const len = this.readLen(this.head, 0);
        this.checkLen(len);
        this.begin(len);
      }
      const end = Math.min(size, off + (this.want - this.fill));
      const done = this.append(chunk, off, end);
      off = end;
      if (done === null) return 0;
      count++;
      if (!visitFrame(v070, done, 0, done.length, visitor)) {
        this.consumed = off;
        return count;
      }
    }
    const prefix = this.prefix;
    while (off < size) {
      const left = size - off;
      if (left < prefix) {
        chunk.copy(this.head, 0, off, size);
        this.headFill = left;
        break;
      }
      const len = this.readLen(chunk, off);
      this.checkLen(len);
      const start = off + prefix;
      if (left - prefix >= len) {
        off = start + len;
        count++;
        if (!visitFrame(v070, chunk, start, len, visitor)) {
          this.consumed = off;
          return count;
        }
      } else {
        this.begin(len);
        this.append(chunk, start, size);
        break;
      }
    }
    return count;
  }
}

/** Creates an incremental decoder for wire 0.7.0 (`v070`) or 0.7.1, accepting `len` up to `maxLen`. */
export function createFrameDecoder(v070: boolean, maxLen: number): FrameDecoder {
  return new Decoder(v070, maxLen);
}
