/**
 * silly cluster frames, both wire versions: the constants of the format, the decoded frame
 * types and the decoder interface (the encoder is in framing.ts, the incremental decoder in
 * frame-decoder.ts; framing.ts re-exports everything here).
 */

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
  /** The buffer the body lies in, when the decoder gives it (`bytes[bodyStart, bodyEnd)` is the body). */
  readonly bytes?: Buffer;
  /** Start of the body in {@link RequestFrame.bytes}. */
  readonly bodyStart?: number;
  /** End of the body in {@link RequestFrame.bytes}. */
  readonly bodyEnd?: number;
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

/** Receives the frames of a chunk one by one, as {@link FrameDecoder.decodeEach} parses them. */
export interface FrameVisitor {
  /** A response whose body is `buf[start, end)` (valid during the call only); return false to stop decoding. */
  visitResponse(session: number, buf: Buffer, start: number, end: number): boolean;
  /** A request; return false to stop decoding. */
  visitRequest(frame: RequestFrame): boolean;
}

/** An incremental decoder: feed chunks as they arrive, get the complete frames. */
export interface FrameDecoder {
  /** Decodes as many frames as `chunk` completes; throws a `protocol` ClusterError on a bad length. */
  decode(chunk: Uint8Array): Frame[];
  /**
   * Hands each frame `chunk` completes to `visitor` as it is parsed (responses as a range of a
   * buffer, no object per frame) and returns how many were handed over. Throws a `protocol`
   * ClusterError on a bad length (frames before it have been visited). When a visit returns
   * false, decoding stops at once: the rest of the chunk, from {@link consumed} on, is not
   * taken up (the caller closes or resets the decoder, or feeds the rest again later).
   */
  decodeEach(chunk: Uint8Array, visitor: FrameVisitor): number;
  /**
   * Bytes of the chunk last given to {@link decodeEach} that were taken up: all of it, unless a
   * visit returned false (then up to the end of that visit's frame).
   */
  readonly consumed: number;
  /** Bytes held for an incomplete frame (0 when on a frame boundary). */
  readonly pendingBytes: number;
  /** Memory held for the incomplete frame: its preallocated buffer (frames up to 64 KiB) or the pieces received so far. */
  readonly heldBytes: number;
  /** Drops any partial frame. */
  reset(): void;
}
