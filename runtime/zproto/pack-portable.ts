/**
 * zproto zero-packing over 8-byte words, in portable JavaScript: the reference the SIMD
 * kernel (wasm-pack.ts) is tested against, and the path for input too large for the
 * kernel's regions or where WebAssembly SIMD is missing. pack.ts picks one.
 *
 * pack: each 8-byte segment (the last may be shorter) becomes a header byte (bit i = byte i
 * non-zero) and its non-zero bytes. After a full all-non-zero segment (header 0xff) that is
 * not the last, a count byte N follows its data, then N segments copied verbatim: the run
 * grows while the next segment has at least 6 non-zero bytes, up to 255; a short final
 * segment joins the run by the same rule and is copied with its actual length.
 *
 * unpack: the inverse, producing a multiple of 8 bytes. Malformed input (a header whose
 * data bytes are missing, an 0xff segment cut short, a run whose data ends before its last
 * segment) is a {@link DecodeError}. A run whose *last* segment is short is zero-filled, as
 * zproto does (lenient.jsonl).
 */
import { DecodeError } from "./errors.ts";

/** Number of non-zero bytes in `src[p..p+n)` (branch-free for a full segment: (x + 255) >> 8 is 1 for x ≠ 0). */
function nonZero(src: Uint8Array, p: number, n: number): number {
  if (n === 8) {
    return (
      (((src[p] as number) + 255) >> 8) +
      (((src[p + 1] as number) + 255) >> 8) +
      (((src[p + 2] as number) + 255) >> 8) +
      (((src[p + 3] as number) + 255) >> 8) +
      (((src[p + 4] as number) + 255) >> 8) +
      (((src[p + 5] as number) + 255) >> 8) +
      (((src[p + 6] as number) + 255) >> 8) +
      (((src[p + 7] as number) + 255) >> 8)
    );
  }
  let c = 0;
  for (let i = 0; i < n; i++) if (src[p + i] !== 0) c++;
  return c;
}

/** Room `packInto` may need for `len` input bytes. */
export function packBound(len: number): number {
  return len + (len >> 3) + 16;
}

/**
 * Packs `src[from..to)` into `out` starting at `at` (room for {@link packBound} bytes;
 * the regions must not overlap) and returns the end offset in `out`.
 */
export function packPortable(src: Uint8Array, from: number, to: number, out: Uint8Array, at: number): number {
  const len = to;
  let i = from;
  let o = at;
  while (i < len) {
    const h = o++;
    let header = 0;
    if (len - i >= 8) {
      // Full segment, unrolled.
      const x0 = src[i] as number;
      const x1 = src[i + 1] as number;
      const x2 = src[i + 2] as number;
      const x3 = src[i + 3] as number;
      const x4 = src[i + 4] as number;
      const x5 = src[i + 5] as number;
      const x6 = src[i + 6] as number;
      const x7 = src[i + 7] as number;
      if (x0 !== 0) (header |= 1), (out[o++] = x0);
      if (x1 !== 0) (header |= 2), (out[o++] = x1);
      if (x2 !== 0) (header |= 4), (out[o++] = x2);
      if (x3 !== 0) (header |= 8), (out[o++] = x3);
      if (x4 !== 0) (header |= 16), (out[o++] = x4);
      if (x5 !== 0) (header |= 32), (out[o++] = x5);
      if (x6 !== 0) (header |= 64), (out[o++] = x6);
      if (x7 !== 0) (header |= 128), (out[o++] = x7);
      i += 8;
    } else {
      const seg = len - i;
      for (let k = 0; k < seg; k++) {
        const x = src[i + k] as number;
        if (x !== 0) {
          header |= 1 << k;
          out[o++] = x;
        }
      }
      i += seg;
    }
    out[h] = header;
    if (header === 0xff && i < len) {
      const c = o++;
      let n = 0;
      while (n < 255 && i < len) {
        const s = Math.min(len - i, 8);
        if (nonZero(src, i, s) < 6) break;
        for (let k = 0; k < s; k++) out[o + k] = src[i + k] as number;
        o += s;
        i += s;
        n++;
      }
      out[c] = n;
    }
  }
  return o;
}

/** Number of set bits of every byte value. */
const POPCOUNT = new Uint8Array(256);
for (let v = 1; v < 256; v++) POPCOUNT[v] = (v & 1) + (POPCOUNT[v >> 1] as number);

function shortFF(left: number, at: number): DecodeError {
  return new DecodeError("invalid-pack", `0xff segment needs 8 bytes, ${left} left`, at);
}

function shortRun(bytes: number, avail: number, at: number): DecodeError {
  return new DecodeError("invalid-pack", `0xff run of ${bytes / 8} segments needs ${bytes} bytes, ${avail} left`, at);
}

function shortSegment(header: number, c: number, left: number, at: number): DecodeError {
  return new DecodeError("invalid-pack", `segment header 0x${header.toString(16)} needs ${c} data bytes, ${left} left`, at);
}

/**
 * Validates packed input `src[from, to)` and returns the unpacked size (a multiple of 8);
 * throws DecodeError (offsets relative to `from`) for malformed input.
 */
export function unpackedSize(src: Uint8Array, from: number, to: number): number {
  const len = to;
  let i = from;
  let o = 0;
  while (i < len) {
    const header = src[i] as number;
    const at = i++;
    if (header === 0xff) {
      if (i + 8 > len) throw shortFF(len - i, at - from);
      i += 8;
      o += 8;
      if (i === len) break;
      const bytes = (src[i++] as number) * 8;
      const avail = len - i;
      if (avail < bytes && avail <= bytes - 8) throw shortRun(bytes, avail, i - 1 - from);
      i += Math.min(avail, bytes);
      o += bytes;
    } else {
      const c = POPCOUNT[header] as number;
      if (i + c > len) throw shortSegment(header, c, len - i, at - from);
      i += c;
      o += 8;
    }
  }
  return o;
}

/**
 * Unpacks validated input `src[from, to)` into `out[at, at + size)` (`size` from
 * {@link unpackedSize}). The region is zero-filled first (one native fill), so a segment
 * only writes its non-zero bytes: one loop step per set header bit, lowest bit first.
 */
export function unpackInto(src: Uint8Array, from: number, to: number, out: Uint8Array, at: number, size: number): void {
  out.fill(0, at, at + size);
  const len = to;
  let i = from;
  let o = at;
  while (i < len) {
    const header = src[i++] as number;
    if (header === 0xff) {
      for (let k = 0; k < 8; k++) out[o + k] = src[i + k] as number;
      i += 8;
      o += 8;
      if (i === len) break;
      const bytes = (src[i++] as number) * 8;
      // A short last run is zero-filled (already zero).
      const take = Math.min(len - i, bytes);
      for (let k = 0; k < take; k++) out[o + k] = src[i + k] as number;
      i += take;
      o += bytes;
    } else {
      let bits = header;
      while (bits !== 0) {
        const low = bits & (0 - bits);
        out[o + 31 - Math.clz32(low)] = src[i++] as number;
        bits ^= low;
      }
      o += 8;
    }
  }
}

/**
 * One pass of {@link unpackedSize} and {@link unpackInto} together, of `src[from, to)` into
 * `out` (room for 8 bytes per input byte + 8), with the same errors. Every output byte is
 * written (zero or data), so `out` needs no clearing first.
 */
export function unpackSmall(src: Uint8Array, from: number, to: number, out: Uint8Array): number {
  const len = to;
  let i = from;
  let o = 0;
  while (i < len) {
    const header = src[i] as number;
    const at = i++;
    if (header === 0xff) {
      if (i + 8 > len) throw shortFF(len - i, at - from);
      for (let k = 0; k < 8; k++) out[o + k] = src[i + k] as number;
      i += 8;
      o += 8;
      if (i === len) break;
      const bytes = (src[i++] as number) * 8;
      const avail = len - i;
      if (avail < bytes && avail <= bytes - 8) throw shortRun(bytes, avail, i - 1 - from);
      const take = Math.min(avail, bytes);
      for (let k = 0; k < take; k++) out[o + k] = src[i + k] as number;
      // A short last run is zero-filled.
      for (let k = take; k < bytes; k++) out[o + k] = 0;
      i += take;
      o += bytes;
    } else {
      const c = POPCOUNT[header] as number;
      if (i + c > len) throw shortSegment(header, c, len - i, at - from);
      out[o] = header & 1 ? (src[i++] as number) : 0;
      out[o + 1] = header & 2 ? (src[i++] as number) : 0;
      out[o + 2] = header & 4 ? (src[i++] as number) : 0;
      out[o + 3] = header & 8 ? (src[i++] as number) : 0;
      out[o + 4] = header & 16 ? (src[i++] as number) : 0;
      out[o + 5] = header & 32 ? (src[i++] as number) : 0;
      out[o + 6] = header & 64 ? (src[i++] as number) : 0;
      out[o + 7] = header & 128 ? (src[i++] as number) : 0;
      o += 8;
    }
  }
  return o;
}
