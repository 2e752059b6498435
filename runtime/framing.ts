/**
 * silly cluster framing, both wire versions: pure encoders and incremental decoders.
 *
 *     silly-0.7.0  request : u16 BE len | body | u64 traceid | u32 cmd | u32 session
 *                  response: u16 BE len | body | u32 session|0x80000000
 *     silly-0.7.1  request : u32 LE len | u32 session | u32 cmd | u64 traceid | body
 *                  response: u32 LE len | u32 session|0x80000000 | body
 *
 * `len` counts every byte after the length field; all other fields are little-endian.
 * Decoded bodies are `subarray` views of the received chunk (or of one buffer owned by the
 * decoder for a frame that arrived split); they are never overwritten, but a handler that keeps
 * a body for long holds the whole chunk alive and may prefer to copy it.
 */
import { Buffer } from "node:buffer";
import { getU32LE, putU16BE, putU32LE } from "./bytes.ts";
import { ClusterError } from "./errors.ts";
import { traceIdOf } from "./trace.ts";

/** The two wire versions. */
export type WireVersion = "silly-0.7.0" | "silly-0.7.1";

/** Bit 31 of the session word marks a response. */
export const RESPONSE_FLAG = 0x80000000;
/** Largest session number; the counter wraps to 0 after it. */
export const MAX_SESSION = 0x7fffffff;
/** Header/trailer bytes of a request (session + cmd + traceid). */
export const REQUEST_OVERHEAD = 16;
/** Header/trailer bytes of a response (session). */
export const RESPONSE_OVERHEAD = 4;
/** Largest `len` the 0.7.0 u16 prefix can express. */
export const V070_MAX_LEN = 0xffff;
/** Default hard limit on `len` for 0.7.1 (128 MiB). */
export const V071_DEFAULT_MAX_LEN = 128 * 1024 * 1024;

/** A decoded request frame. */
export interface RequestFrame {
  /** Discriminant. */
  readonly kind: "request";
  /** Session id, 0..0x7fffffff. */
  readonly session: number;
  /** Command number (u32). */
  readonly cmd: number;
  /** Trace id (u64). */
  readonly traceId: bigint;
  /** Low 32 bits of the trace id. */
  readonly traceLo: number;
  /** High 32 bits of the trace id. */
  readonly traceHi: number;
  /** Body bytes (a view, see the module comment). */
  readonly body: Uint8Array;
}

/** A decoded response frame. */
export interface ResponseFrame {
  /** Discriminant. */
  readonly kind: "response";
  /** Session id without the response flag. */
  readonly session: number;
  /** Body bytes (a view, see the module comment). */
  readonly body: Uint8Array;
}

/** Either frame kind. */
export type Frame = RequestFrame | ResponseFrame;

/** Fields of a request to encode. */
export interface RequestFields {
  /** Session id, 0..0x7fffffff. */
  readonly session: number;
  /** Command number (u32). */
  readonly cmd: number;
  /** Trace id (u64). */
  readonly traceId: bigint;
  /** Body bytes. */
  readonly body: Uint8Array;
}

/** Fields of a response to encode. */
export interface ResponseFields {
  /** Session id being answered. */
  readonly session: number;
  /** Body bytes. */
  readonly body: Uint8Array;
}

/** Writes the 8 trace-id bytes (u64 little-endian) of a request at `offset`; lets callers avoid BigInt work. */
export type TraceWriter = (target: Buffer, offset: number) => void;

/** Options for {@link createFramer}. */
export interface FramerOptions {
  /** Wire version. */
  readonly wire: WireVersion;
  /** Largest accepted `len` (bytes after the length prefix) both ways; default 65535 (0.7.0) / 128 MiB (0.7.1). */
  readonly maxFrameBytes?: number;
}

/** Encoder and size rules for one wire version. */
export interface Framer {
  /** Wire version. */
  readonly wire: WireVersion;
  /** Bytes of the length prefix (2 or 4). */
  readonly prefixBytes: number;
  /** Largest `len` accepted and produced. */
  readonly maxFrameBytes: number;
  /** Largest request body that fits the limit. */
  readonly maxRequestBody: number;
  /** Largest response body that fits the limit. */
  readonly maxResponseBody: number;
  /** Encodes a request into one new buffer; throws `frame-too-large` over the limit. */
  encodeRequest(fields: RequestFields): Buffer;
  /** Bytes a request frame with this body takes; throws `frame-too-large` over the limit. */
  requestSize(bodyLength: number): number;
  /** Bytes a response frame with this body takes; throws `frame-too-large` over the limit. */
  responseSize(bodyLength: number): number;
  /** Writes a request frame at `offset` (room checked by the caller via requestSize); the trace bytes come from `writeTrace`. */
  writeRequest(target: Buffer, offset: number, session: number, cmd: number, body: Uint8Array, writeTrace: TraceWriter): void;
  /** Writes a response frame at `offset` (room checked by the caller via responseSize). */
  writeResponse(target: Buffer, offset: number, session: number, body: Uint8Array): void;
  /** Encodes a response into one new buffer; throws `frame-too-large` over the limit. */
  encodeResponse(fields: ResponseFields): Buffer;
  /** Creates an incremental decoder with the same limits. */
  createDecoder(): FrameDecoder;
}

/** An incremental decoder: feed chunks as they arrive, get the complete frames. */
export interface FrameDecoder {
  /** Decodes as many frames as `chunk` completes; throws a `protocol` ClusterError on a bad length. */
  decode(chunk: Uint8Array): Frame[];
  /** Bytes held for an incomplete frame (0 when on a frame boundary). */
  readonly pendingBytes: number;
  /** Memory held for the incomplete frame: its preallocated buffer (frames up to 64 KiB) or the pieces received so far. */
  readonly heldBytes: number;
  /** Drops any partial frame. */
  reset(): void;
}

/** Resolves the effective `len` limit for a wire version, validating the option. */
export function resolveMaxFrameBytes(wire: WireVersion, maxFrameBytes: number | undefined): number {
  const ceiling = wire === "silly-0.7.0" ? V070_MAX_LEN : 0xffffffff;
  const value = maxFrameBytes ?? (wire === "silly-0.7.0" ? V070_MAX_LEN : V071_DEFAULT_MAX_LEN);
  if (!Number.isInteger(value) || value < REQUEST_OVERHEAD || value > ceiling) {
    throw new ClusterError(
      "invalid-argument",
      `maxFrameBytes must be an integer in ${REQUEST_OVERHEAD}..${ceiling} for ${wire}, got ${String(maxFrameBytes)}`,
    );
  }
  return value;
}

/** Creates the encoder/decoder pair for one wire version. */
export function createFramer(options: FramerOptions): Framer {
  const wire = options.wire;
  if (wire !== "silly-0.7.0" && wire !== "silly-0.7.1") {
    throw new ClusterError("invalid-argument", `unknown wire version "${String(wire)}"`);
  }
  const maxLen = resolveMaxFrameBytes(wire, options.maxFrameBytes);
  const v070 = wire === "silly-0.7.0";
  const prefixBytes = v070 ? 2 : 4;
  const maxRequestBody = maxLen - REQUEST_OVERHEAD;
  const maxResponseBody = maxLen - RESPONSE_OVERHEAD;

  const requestSize = (n: number): number => {
    if (n > maxRequestBody) throw tooLarge("request", n, maxRequestBody);
    return prefixBytes + REQUEST_OVERHEAD + n;
  };
  const responseSize = (n: number): number => {
    if (n > maxResponseBody) throw tooLarge("response", n, maxResponseBody);
    return prefixBytes + RESPONSE_OVERHEAD + n;
  };

  const writeRequest = (
    buf: Buffer,
    at: number,
    session: number,
    cmd: number,
    body: Uint8Array,
    writeTrace: TraceWriter,
  ): void => {
    const n = body.length;
    const len = n + REQUEST_OVERHEAD;
    if (v070) {
      putU16BE(buf, at, len);
      copyBody(buf, at + 2, body, n);
      const t = at + 2 + n;
      writeTrace(buf, t);
      putU32LE(buf, t + 8, cmd);
      putU32LE(buf, t + 12, session);
    } else {
      putU32LE(buf, at, len);
      putU32LE(buf, at + 4, session);
      putU32LE(buf, at + 8, cmd);
      writeTrace(buf, at + 12);
      copyBody(buf, at + 20, body, n);
    }
  };

  const writeResponse = (buf: Buffer, at: number, session: number, body: Uint8Array): void => {
    const n = body.length;
    const len = n + RESPONSE_OVERHEAD;
    const word = (session & MAX_SESSION) | RESPONSE_FLAG;
    if (v070) {
      putU16BE(buf, at, len);
      copyBody(buf, at + 2, body, n);
      putU32LE(buf, at + 2 + n, word);
    } else {
      putU32LE(buf, at, len);
      putU32LE(buf, at + 4, word);
      copyBody(buf, at + 8, body, n);
    }
  };

  const encodeRequest = (fields: RequestFields): Buffer => {
    const buf = Buffer.allocUnsafe(requestSize(fields.body.length));
    const traceId = BigInt.asUintN(64, fields.traceId);
    writeRequest(buf, 0, fields.session, fields.cmd, fields.body, (target, offset) => {
      target.writeBigUInt64LE(traceId, offset);
    });
    return buf;
  };

  const encodeResponse = (fields: ResponseFields): Buffer => {
    const buf = Buffer.allocUnsafe(responseSize(fields.body.length));
    writeResponse(buf, 0, fields.session, fields.body);
    return buf;
  };

  return {
    wire,
    prefixBytes,
    maxFrameBytes: maxLen,
    maxRequestBody,
    maxResponseBody,
    encodeRequest,
    encodeResponse,
    requestSize,
    responseSize,
    writeRequest,
    writeResponse,
    createDecoder: () => new Decoder(v070, maxLen),
  };
}

/** Bodies up to this many bytes are copied byte by byte (cheaper than `set` for small RPC bodies). */
const SMALL_COPY = 32;

/** Copies the `n` bytes of `body` to `buf` at `at`. */
function copyBody(buf: Buffer, at: number, body: Uint8Array, n: number): void {
  if (n > SMALL_COPY) {
    buf.set(body, at);
    return;
  }
  for (let i = 0; i < n; i++) buf[at + i] = body[i]!;
}

function tooLarge(kind: string, size: number, max: number): ClusterError {
  return new ClusterError("frame-too-large", `${kind} body of ${size} bytes exceeds the limit of ${max} bytes`);
}

/**
 * Parses one complete frame whose `len` bytes start at `at` in `buf`; `source` and `base` are
 * `buf.buffer` and `buf.byteOffset`, read once per chunk (bodies are views made from them, which
 * costs less than `subarray` per frame).
 */
function parseFrame(v070: boolean, buf: Buffer, at: number, len: number, source: ArrayBufferLike, base: number): Frame {
  if (v070) {
    const end = at + len;
    const word = getU32LE(buf, end - 4);
    if (word >= RESPONSE_FLAG) {
      return { kind: "response", session: word & MAX_SESSION, body: Buffer.from(source, base + at, len - 4) };
    }
    if (len < REQUEST_OVERHEAD) throw shortFrame(len, "request");
    const t = end - 16;
    return new DecodedRequest(
      word,
      getU32LE(buf, t + 8),
      getU32LE(buf, t),
      getU32LE(buf, t + 4),
      Buffer.from(source, base + at, len - 16),
    );
  }
  const word = getU32LE(buf, at);
  if (word >= RESPONSE_FLAG) {
    return { kind: "response", session: word & MAX_SESSION, body: Buffer.from(source, base + at + 4, len - 4) };
  }
  if (len < REQUEST_OVERHEAD) throw shortFrame(len, "request");
  return new DecodedRequest(
    word,
    getU32LE(buf, at + 4),
    getU32LE(buf, at + 8),
    getU32LE(buf, at + 12),
    Buffer.from(source, base + at + 16, len - 16),
  );
}

/** A decoded request; the bigint trace id is made only when read. */
class DecodedRequest implements RequestFrame {
  readonly kind = "request" as const;
  readonly session: number;
  readonly cmd: number;
  readonly traceLo: number;
  readonly traceHi: number;
  readonly body: Uint8Array;

  constructor(session: number, cmd: number, traceLo: number, traceHi: number, body: Uint8Array) {
    this.session = session;
    this.cmd = cmd;
    this.traceLo = traceLo;
    this.traceHi = traceHi;
    this.body = body;
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
    return this.v070 ? (buf[at] << 8) | buf[at + 1] : getU32LE(buf, at);
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
    const chunk = toBuffer(input);
    const frames: Frame[] = [];
    const size = chunk.length;
    let off = 0;
    // Finish a frame left incomplete by the previous chunk.
    if (this.headFill > 0 || this.want > 0) {
      if (this.want === 0) {
        const take = Math.min(this.prefix - this.headFill, size);
        chunk.copy(this.head, this.headFill, 0, take);
        this.headFill += take;
        off = take;
        if (this.headFill < this.prefix) return frames;
        this.headFill = 0;
        const len = this.readLen(this.head, 0);
        this.checkLen(len);
        this.begin(len);
      }
      const end = Math.min(size, off + (this.want - this.fill));
      const done = this.append(chunk, off, end);
      off = end;
      if (done === null) return frames;
      frames.push(parseFrame(this.v070, done, 0, done.length, done.buffer, done.byteOffset));
    }
    const prefix = this.prefix;
    const source = chunk.buffer;
    const base = chunk.byteOffset;
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
        frames.push(parseFrame(this.v070, chunk, start, len, source, base));
        off = start + len;
      } else {
        this.begin(len);
        this.append(chunk, start, size);
        break;
      }
    }
    return frames;
  }
}
