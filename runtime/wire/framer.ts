/**
 * silly cluster framing, both wire versions: pure encoders and size rules (the incremental
 * decoder is in frame-decoder.ts, the frame types and constants in frames.ts, re-exported here).
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
import { putU16BE, putU32LE } from "../core/bytes.ts";
import { ClusterError } from "../core/errors.ts";
import { createFrameDecoder } from "./frame-decoder.ts";
import {
  MAX_SESSION,
  REQUEST_OVERHEAD,
  RESPONSE_FLAG,
  RESPONSE_OVERHEAD,
  V070_MAX_LEN,
  V071_DEFAULT_MAX_LEN,
  type FrameDecoder,
  type WireVersion,
} from "./frames.ts";

export {
  MAX_SESSION,
  REQUEST_OVERHEAD,
  RESPONSE_FLAG,
  RESPONSE_OVERHEAD,
  V070_MAX_LEN,
  V071_DEFAULT_MAX_LEN,
} from "./frames.ts";
export type { Frame, FrameDecoder, FrameVisitor, RequestFrame, ResponseFrame, WireVersion } from "./frames.ts";

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
  /** Offset of a request's body from the frame start (2 for 0.7.0, 20 for 0.7.1). */
  readonly requestBodyOffset: number;
  /** Bytes of a request frame besides its body (prefix, header or trailer). */
  readonly requestFrameOverhead: number;
  /**
   * Writes every field of a request frame at `offset` except its `bodyLength`-byte body, which
   * the caller has put (or puts) at `offset + requestBodyOffset`; the trace bytes come from `writeTrace`.
   */
  writeRequestFields(target: Buffer, offset: number, session: number, cmd: number, bodyLength: number, writeTrace: TraceWriter): void;
  /** Offset of a response's body from the frame start (2 for 0.7.0, 8 for 0.7.1). */
  readonly responseBodyOffset: number;
  /** Bytes of a response frame besides its body. */
  readonly responseFrameOverhead: number;
  /** Writes every field of a response frame at `offset` except its `bodyLength`-byte body (at `offset + responseBodyOffset`). */
  writeResponseFields(target: Buffer, offset: number, session: number, bodyLength: number): void;
  /** Writes a request frame at `offset` (room checked by the caller via requestSize); the trace bytes come from `writeTrace`. */
  writeRequest(target: Buffer, offset: number, session: number, cmd: number, body: Uint8Array, writeTrace: TraceWriter): void;
  /** Writes a response frame at `offset` (room checked by the caller via responseSize). */
  writeResponse(target: Buffer, offset: number, session: number, body: Uint8Array): void;
  /** Encodes a response into one new buffer; throws `frame-too-large` over the limit. */
  encodeResponse(fields: ResponseFields): Buffer;
  /** Creates an incremental decoder with the same limits. */
  createDecoder(): FrameDecoder;
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

  const requestBodyOffset = v070 ? 2 : 20;

  const writeRequestFields = (buf: Buffer, at: number, session: number, cmd: number, n: number, writeTrace: TraceWriter): void => {
    const len = n + REQUEST_OVERHEAD;
    if (v070) {
      putU16BE(buf, at, len);
      const t = at + 2 + n;
      writeTrace(buf, t);
      putU32LE(buf, t + 8, cmd);
      putU32LE(buf, t + 12, session);
    } else {
      putU32LE(buf, at, len);
      putU32LE(buf, at + 4, session);
      putU32LE(buf, at + 8, cmd);
      writeTrace(buf, at + 12);
    }
  };

  const writeRequest = (buf: Buffer, at: number, session: number, cmd: number, body: Uint8Array, writeTrace: TraceWriter): void => {
    const n = body.length;
    writeRequestFields(buf, at, session, cmd, n, writeTrace);
    copyBody(buf, at + requestBodyOffset, body, n);
  };

  const responseBodyOffset = v070 ? 2 : 8;

  const writeResponseFields = (buf: Buffer, at: number, session: number, n: number): void => {
    const len = n + RESPONSE_OVERHEAD;
    const word = (session & MAX_SESSION) | RESPONSE_FLAG;
    if (v070) {
      putU16BE(buf, at, len);
      putU32LE(buf, at + 2 + n, word);
    } else {
      putU32LE(buf, at, len);
      putU32LE(buf, at + 4, word);
    }
  };

  const writeResponse = (buf: Buffer, at: number, session: number, body: Uint8Array): void => {
    const n = body.length;
    writeResponseFields(buf, at, session, n);
    copyBody(buf, at + responseBodyOffset, body, n);
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
    requestBodyOffset,
    requestFrameOverhead: prefixBytes + REQUEST_OVERHEAD,
    writeRequestFields,
    writeRequest,
    responseBodyOffset,
    responseFrameOverhead: prefixBytes + RESPONSE_OVERHEAD,
    writeResponseFields,
    writeResponse,
    createDecoder: () => createFrameDecoder(v070, maxLen),
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
