/**
 * zproto zero-packing (used for silly cluster bodies: pack(encode(msg))), format in
 * pack-portable.ts. Every entry here packs and unpacks with the SIMD kernel (wasm-pack.ts)
 * when there is one and the input fits its regions, and with the portable JavaScript
 * otherwise; both give the same bytes and the same errors.
 */
import { packBound, packPortable, unpackInto, unpackSmall, unpackedSize } from "./pack-portable.ts";
import { SLAB_MAX_RESULT, slab, slabRoom, takeView } from "./slab.ts";
import { wasmPack, type WasmPack } from "./wasm-pack.ts";

export { packBound };

/**
 * Packs `src[from..to)` into `out` starting at `at` (room for {@link packBound} bytes;
 * the regions must not overlap) and returns the end offset in `out`. Writes nothing else.
 */
export function packInto(src: Uint8Array, from: number, to: number, out: Uint8Array, at: number): number {
  const kernel = wasmPack();
  const n = kernel === undefined ? -1 : kernel.pack(src, from, to);
  if (n < 0) return packPortable(src, from, to, out, at);
  const packedAt = (kernel as WasmPack).packedAt;
  out.set((kernel as WasmPack).memory.subarray(packedAt, packedAt + n), at);
  return at + n;
}

/** Packs an encoded message (zproto zero-packing). Empty input gives empty output. */
export function pack(src: Uint8Array): Uint8Array {
  return packRange(src, 0, src.length);
}

/** Packs `src[from..to)` into a new result (a view of the output slab when small). */
export function packRange(src: Uint8Array, from: number, to: number): Uint8Array {
  const kernel = wasmPack();
  const n = kernel === undefined ? -1 : kernel.pack(src, from, to);
  if (n >= 0) return copyOut(kernel as WasmPack, (kernel as WasmPack).packedAt, n);
  const bound = packBound(to - from);
  if (bound > SLAB_MAX_RESULT) {
    const out = new Uint8Array(bound);
    return out.subarray(0, packPortable(src, from, to, out, 0));
  }
  slabRoom(bound);
  const at = slab.offset;
  return takeView(slab.buf, at, packPortable(src, from, to, slab.buf, at));
}

/** The slab {@link slabWords} views. */
let wordsOf: Uint8Array | undefined;
let slabWords: Int32Array = new Int32Array(0);

/**
 * The kernel's bytes `[from, from + n)` (`from` a multiple of 4) copied into a result of
 * their own: a view of the output slab when small, copied four bytes at a time (slab
 * results start at multiples of 8, so the last word stays inside the result's padding).
 */
function copyOut(kernel: WasmPack, from: number, n: number): Uint8Array {
  if (n > SLAB_MAX_RESULT) return kernel.memory.slice(from, from + n);
  slabRoom(n);
  const buf = slab.buf;
  const at = slab.offset;
  if (buf !== wordsOf) {
    wordsOf = buf;
    slabWords = new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
  }
  const src = kernel.words;
  const dst = slabWords;
  for (let i = from >> 2, o = at >> 2, end = o + ((n + 3) >> 2); o < end; i++, o++) dst[o] = src[i] as number;
  return takeView(buf, at, at + n);
}

/** Unpacks zproto-packed bytes; the result's length is a multiple of 8. */
export function unpack(src: Uint8Array): Uint8Array {
  const len = src.length;
  const kernel = wasmPack();
  const n = kernel === undefined ? -1 : kernel.unpack(src, 0, len);
  if (kernel !== undefined && n >= 0) return copyOut(kernel, kernel.unpackedAt, n);
  const size = unpackedSize(src, 0, len);
  if (size > SLAB_MAX_RESULT) {
    const out = new Uint8Array(size);
    unpackInto(src, 0, len, out, 0, size);
    return out;
  }
  slabRoom(size);
  const at = slab.offset;
  unpackInto(src, 0, len, slab.buf, at, size);
  return takeView(slab.buf, at, at + size);
}

let unpackScratch = new Uint8Array(4096);

/**
 * Unpacks into a shared scratch buffer, returned with the unpacked size; valid until the
 * next call (used by `decodePacked`, which decodes it at once and copies what it keeps).
 */
export function unpackShared(src: Uint8Array): { buf: Uint8Array; size: number } {
  return unpackSharedRange(src, 0, src.length);
}

/**
 * {@link unpackShared} of the packed bytes `src[from, to)` (error offsets are relative to
 * `from`): lets a response body be unpacked straight from the received chunk.
 */
export function unpackSharedRange(src: Uint8Array, from: number, to: number): { buf: Uint8Array; size: number } {
  const kernel = wasmPack();
  if (kernel !== undefined) {
    const size = kernel.unpack(src, from, to);
    if (size >= 0) {
      scratchResult.buf = kernel.unpacked;
      scratchResult.size = size;
      return scratchResult;
    }
    // Malformed or too long: the portable path throws the located error, or unpacks it.
  }
  let size: number;
  // The output is at most 8 bytes per input byte (+7 for a short last run): small input
  // is unpacked in one validating pass, bigger input sized (and validated) first.
  if ((to - from) * 8 + 8 <= unpackScratch.length) {
    size = unpackSmall(src, from, to, unpackScratch);
  } else {
    size = unpackedSize(src, from, to);
    if (size > unpackScratch.length) unpackScratch = new Uint8Array(Math.max(size, unpackScratch.length * 2));
    unpackInto(src, from, to, unpackScratch, 0, size);
  }
  scratchResult.buf = unpackScratch;
  scratchResult.size = size;
  return scratchResult;
}
const scratchResult: { buf: Uint8Array; size: number } = { buf: unpackScratch, size: 0 };
