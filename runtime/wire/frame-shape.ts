/**
 * The shape of a silly frame stream: an incremental parser of one framing that checks only that
 * frames are valid (their lengths and request sizes) and counts them, keeping no frame. The
 * wire-mismatch detector (wire-sniff.ts) runs one per framing over a connection's first bytes.
 */
import { getU32LE } from "../core/bytes.ts";
import { REQUEST_OVERHEAD, RESPONSE_FLAG, RESPONSE_OVERHEAD, type WireVersion } from "./frames.ts";

/** Why a {@link FrameShape} stopped: a length below 4, a request below 16, or a length over the limit. */
export type ShapeFailure = "short" | "short-request" | "over-limit";

/**
 * An incremental parser of one framing that only checks frames are valid (length within
 * 4..`maxLen`, a request at least 16 bytes after the prefix) and counts them; it keeps no frame.
 * Feed it chunks as they arrive.
 */
export class FrameShape {
  /** Null while every frame so far is valid; why the first invalid one is not (then nothing more is parsed). */
  failure: ShapeFailure | null = null;
  /** `len` of the invalid frame. */
  failedLen = 0;
  /** Headers read and accepted. */
  headers = 0;
  /** Complete valid frames seen. */
  frames = 0;
  private readonly v070: boolean;
  private readonly maxLen: number;
  /** Bytes of the length prefix (2 or 4). */
  private readonly prefixBytes: number;
  /** Header bytes to collect before a frame's body: 0.7.0 `len`; 0.7.1 `len` + session word. */
  private readonly headerBytes: number;
  private readonly header: Buffer;
  private headerFill = 0;
  /** Bytes of the current frame still to come after its header. */
  private remaining = 0;
  /** `len` of the current frame. */
  private len = 0;
  /** 0.7.0: the last up to 4 bytes of the current frame (its session word once it is complete). */
  private readonly tail = Buffer.alloc(4);

  /** A parser of `wire`'s framing accepting `len` up to `maxLen`. */
  constructor(wire: WireVersion, maxLen: number) {
    this.v070 = wire === "silly-0.7.0";
    this.maxLen = maxLen;
    this.prefixBytes = this.v070 ? 2 : 4;
    this.headerBytes = this.v070 ? 2 : 8;
    this.header = Buffer.alloc(this.headerBytes);
  }

  /** True while every frame so far is valid. */
  get valid(): boolean {
    return this.failure === null;
  }

  /** True between frames (every byte fed so far belongs to a complete frame). */
  get atBoundary(): boolean {
    return this.headerFill === 0 && this.remaining === 0;
  }

  /** Parses `chunk` on from where the previous chunk ended. */
  feed(chunk: Uint8Array): void {
    const size = chunk.length;
    let off = 0;
    while (off < size && this.failure === null) {
      if (this.remaining === 0) {
        const before = this.headerFill;
        const take = Math.min(this.headerBytes - before, size - off);
        this.header.set(chunk.subarray(off, off + take), before);
        this.headerFill += take;
        off += take;
        // The length is checked as soon as its bytes are in, as a decoder does (before the session word).
        if (before < this.prefixBytes && this.headerFill >= this.prefixBytes && !this.checkLen()) return;
        if (this.headerFill < this.headerBytes) return;
        this.headerFill = 0;
        if (!this.begin()) return;
        if (this.remaining === 0) this.finish();
        continue;
      }
      const take = Math.min(this.remaining, size - off);
      if (this.v070) this.keepTail(chunk, off, off + take);
      this.remaining -= take;
      off += take;
      if (this.remaining === 0) this.finish();
    }
  }

  private fail(failure: ShapeFailure): false {
    this.failure = failure;
    this.failedLen = this.len;
    this.remaining = 0;
    return false;
  }

  /** Reads the length prefix; false (and failed) when it is out of bounds. */
  private checkLen(): boolean {
    const h = this.header;
    const len = this.v070 ? h.readUInt16BE(0) : getU32LE(h, 0);
    this.len = len;
    if (len < RESPONSE_OVERHEAD) return this.fail("short");
    if (len > this.maxLen) return this.fail("over-limit");
    return true;
  }

  /** Starts a frame from its collected header (length already checked); false (and failed) for a request too short. */
  private begin(): boolean {
    const h = this.header;
    const len = this.len;
    if (this.v070) {
      this.remaining = len;
      this.tail.fill(0);
    } else {
      // The session word was read with the header: it is part of `len`.
      if (getU32LE(h, 4) < RESPONSE_FLAG && len < REQUEST_OVERHEAD) return this.fail("short-request");
      this.remaining = len - 4;
    }
    this.headers++;
    return true;
  }

  /** 0.7.0: keeps the last 4 bytes of the frame so far (its session word is its last 4 bytes). */
  private keepTail(chunk: Uint8Array, from: number, to: number): void {
    const n = to - from;
    const tail = this.tail;
    if (n >= 4) {
      tail.set(chunk.subarray(to - 4, to), 0);
      return;
    }
    tail.copyWithin(0, n);
    tail.set(chunk.subarray(from, to), 4 - n);
  }

  /** Ends the current frame: a 0.7.0 request must be at least 16 bytes. */
  private finish(): void {
    if (this.v070 && getU32LE(this.tail, 0) < RESPONSE_FLAG && this.len < REQUEST_OVERHEAD) {
      this.fail("short-request");
      return;
    }
    this.frames++;
  }
}
