/**
 * Length-prefixed framing for the raw-TCP ceiling: `u32 LE len | payload`, `len` counting
 * the payload bytes. The reader is a small object fed with chunks; it walks every complete
 * frame of a chunk in place (no per-frame allocation) and keeps only an unfinished tail.
 */
import { BenchError } from "../lib/errors.ts";

/** Largest payload the raw contender accepts. */
export const MAX_RAW_PAYLOAD = 1 << 20;

/** Called for each complete frame: the payload is `buf[start, start + length)`. */
export type FrameVisitor = (buf: Buffer, start: number, length: number) => void;

/** A frame reader: feed chunks, get a visitor call per complete frame. */
export interface FrameReader {
  /** Visits every complete frame now available; returns how many frames were visited. */
  push(chunk: Buffer, visit: FrameVisitor): number;
}

/** Creates a {@link FrameReader}. Throws a BenchError on a frame above {@link MAX_RAW_PAYLOAD}. */
export function createFrameReader(): FrameReader {
  let tail: Buffer | undefined;
  return {
    push(chunk, visit) {
      const buf = tail === undefined ? chunk : Buffer.concat([tail, chunk]);
      tail = undefined;
      let offset = 0;
      let frames = 0;
      const end = buf.length;
      while (end - offset >= 4) {
        const length = buf.readUInt32LE(offset);
        if (length > MAX_RAW_PAYLOAD) throw new BenchError("protocol", `raw frame of ${length} bytes exceeds the limit`);
        if (end - offset - 4 < length) break;
        visit(buf, offset + 4, length);
        offset += 4 + length;
        frames++;
      }
      if (offset < end) tail = buf.subarray(offset);
      return frames;
    },
  };
}
