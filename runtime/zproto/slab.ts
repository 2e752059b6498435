/**
 * Output slab: small results (encodings, packed and unpacked bytes) are carved out of a
 * shared 16 KiB buffer and handed out as views, because allocating a fresh ArrayBuffer per
 * result costs far more than the encoding itself. A region is handed out once and never
 * written again; when the slab runs low a new one is started (the old one lives as long as
 * any view of it). Results are therefore views with `byteOffset` ≠ 0 into a shared buffer.
 */

/** Size of one slab. */
export const SLAB_SIZE = 16384;
/** Results larger than this get their own buffer. */
export const SLAB_MAX_RESULT = 4096;

/** The current slab and its first free byte. */
export const slab: { buf: Uint8Array; offset: number } = { buf: new Uint8Array(SLAB_SIZE), offset: 0 };

/** Makes sure at least `n` (≤ {@link SLAB_MAX_RESULT}) free bytes follow `slab.offset`. */
export function slabRoom(n: number): void {
  if (SLAB_SIZE - slab.offset < n) {
    slab.buf = new Uint8Array(SLAB_SIZE);
    slab.offset = 0;
  }
}

/** Hands out `buf[start, end)` as a view; if `buf` is the slab, marks the region as used. */
export function takeView(buf: Uint8Array, start: number, end: number): Uint8Array {
  if (buf === slab.buf) slab.offset = (end + 7) & ~7;
  return new Uint8Array(buf.buffer, buf.byteOffset + start, end - start);
}
