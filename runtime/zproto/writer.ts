/**
 * The encode side of the codec primitives used by generated code. Encoding writes into a
 * reusable, growable scratch buffer (a {@link Writer}); the codec copies the finished bytes
 * out with one `slice` — one allocation per encode. Every write helper makes room first.
 * All integers are little-endian.
 */
import { EncodeError, invalidStruct } from "./errors.ts";
import { slab, slabRoom, takeView } from "./slab.ts";
import { writeUtf8 } from "./utf8.ts";
import { wasmPack } from "./wasm-pack.ts";

/**
 * A growable output buffer. Bytes `[start, pos)` are the encoding so far; positions are
 * absolute indexes into `buf` (they stay valid when the buffer grows).
 */
export interface Writer {
  buf: Uint8Array;
  pos: number;
  start: number;
  /** Offset of the next tag-delta slot of the struct being written (set by {@link beginStruct}). */
  tp: number;
  /** Tag of the last field written into that struct (its base − 1 before the first). */
  tag: number;
}

const f32 = new Float32Array(1);
const f32b = new Uint8Array(f32.buffer);
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const B0 = LE ? 0 : 3;
const B1 = LE ? 1 : 2;
const B2 = LE ? 2 : 1;
const B3 = LE ? 3 : 0;

/** Largest encoding we accept (zproto's `len` is a u32 but JS buffers must stay sane). */
const MAX_ENCODED = 0x7fffffff;

const shared: Writer = { buf: slab.buf, pos: 0, start: 0, tp: 0, tag: 0 };
let sharedBusy = false;

/**
 * Takes the shared writer, positioned at the free part of the output slab (see slab.ts):
 * the encoding is written in place and handed out as a view, without copying. A re-entrant
 * encode (from a getter) gets a private writer.
 */
export function acquireWriter(): Writer {
  if (sharedBusy) return { buf: new Uint8Array(256), pos: 0, start: 0, tp: 0, tag: 0 };
  sharedBusy = true;
  slabRoom(1024);
  const w = shared;
  w.buf = slab.buf;
  w.pos = slab.offset;
  w.start = slab.offset;
  return w;
}

/** Hands out bytes `[start, end)` of the writer's buffer as the result. */
export function takeBytes(w: Writer, start: number, end: number): Uint8Array {
  return takeView(w.buf, start, end);
}

/** Scratch buffers larger than this are dropped when released. */
const SCRATCH_KEEP = 1 << 20;
const scratch: Writer = { buf: new Uint8Array(4096), pos: 0, start: 0, tp: 0, tag: 0 };
let scratchBusy = false;

/**
 * Takes a shared writer over a private scratch buffer (positions from 0), for encodings
 * that are transformed before being handed out (`encodePacked` packs it into the slab, so
 * the plain encoding does not use up slab space). With the SIMD pack kernel, the scratch
 * buffer is the kernel's input region, where the encoding is packed without a copy (an
 * encoding that outgrows it moves to a buffer of its own, see {@link grow}). A re-entrant
 * call gets a private writer.
 */
export function acquireScratchWriter(): Writer {
  if (scratchBusy) return { buf: new Uint8Array(256), pos: 0, start: 0, tp: 0, tag: 0 };
  scratchBusy = true;
  const kernel = wasmPack();
  if (kernel !== undefined && scratch.buf !== kernel.input) scratch.buf = kernel.input;
  scratch.pos = 0;
  scratch.start = 0;
  return scratch;
}

/** Returns a writer taken with {@link acquireWriter} or {@link acquireScratchWriter}. */
export function releaseWriter(w: Writer): void {
  if (w === shared) sharedBusy = false;
  else if (w === scratch) {
    scratchBusy = false;
    if (w.buf.length > SCRATCH_KEEP) w.buf = new Uint8Array(4096);
  }
}

/** Grows `w` so that `n` more bytes fit (positions are preserved). */
export function grow(w: Writer, n: number): void {
  const need = w.pos + n;
  if (need > MAX_ENCODED) throw new EncodeError("too-large", `encoding exceeds ${MAX_ENCODED} bytes`);
  let size = Math.max(w.buf.length * 2, 256);
  while (size < need) size *= 2;
  const next = new Uint8Array(Math.min(size, MAX_ENCODED));
  next.set(w.buf.subarray(w.start, w.pos), w.start);
  w.buf = next;
}

/** Writes one byte (`x & 0xff`). */
export function writeU8(w: Writer, x: number): void {
  if (w.pos + 1 > w.buf.length) grow(w, 1);
  w.buf[w.pos++] = x;
}

/** Writes a boolean as one byte, 1 or 0. */
export function writeBool(w: Writer, x: boolean): void {
  if (w.pos + 1 > w.buf.length) grow(w, 1);
  w.buf[w.pos++] = x ? 1 : 0;
}

/** Writes the low 16 bits of `x`. */
export function writeU16(w: Writer, x: number): void {
  if (w.pos + 2 > w.buf.length) grow(w, 2);
  const b = w.buf;
  const p = w.pos;
  b[p] = x;
  b[p + 1] = x >>> 8;
  w.pos = p + 2;
}

/** Writes the low 32 bits of `x` (int32 and uint32 alike). */
export function writeU32(w: Writer, x: number): void {
  if (w.pos + 4 > w.buf.length) grow(w, 4);
  const b = w.buf;
  const p = w.pos;
  b[p] = x;
  b[p + 1] = x >>> 8;
  b[p + 2] = x >>> 16;
  b[p + 3] = x >>> 24;
  w.pos = p + 4;
}

/** Writes `x` rounded to IEEE-754 binary32; NaN is written as the quiet NaN 0x7fc00000. */
export function writeF32(w: Writer, x: number): void {
  if (w.pos + 4 > w.buf.length) grow(w, 4);
  const b = w.buf;
  const p = w.pos;
  if (x !== x) {
    b[p] = 0;
    b[p + 1] = 0;
    b[p + 2] = 0xc0;
    b[p + 3] = 0x7f;
  } else {
    f32[0] = x;
    b[p] = f32b[B0] as number;
    b[p + 1] = f32b[B1] as number;
    b[p + 2] = f32b[B2] as number;
    b[p + 3] = f32b[B3] as number;
  }
  w.pos = p + 4;
}

/** The IEEE-754 binary32 bits of `x` (rounded) as a uint32; NaN gives the quiet NaN 0x7fc00000. */
export function f32Bits(x: number): number {
  if (x !== x) return 0x7fc00000;
  f32[0] = x;
  return ((f32b[B0] as number) | ((f32b[B1] as number) << 8) | ((f32b[B2] as number) << 16) | ((f32b[B3] as number) << 24)) >>> 0;
}

function writeHiLo(w: Writer, lo: number, hi: number): void {
  if (w.pos + 8 > w.buf.length) grow(w, 8);
  const b = w.buf;
  const p = w.pos;
  b[p] = lo;
  b[p + 1] = lo >>> 8;
  b[p + 2] = lo >>> 16;
  b[p + 3] = lo >>> 24;
  b[p + 4] = hi;
  b[p + 5] = hi >>> 8;
  b[p + 6] = hi >>> 16;
  b[p + 7] = hi >>> 24;
  w.pos = p + 8;
}

/** Writes a safe integer (checked by the caller) as 8 bytes, two's complement. */
export function writeI64Number(w: Writer, x: number): void {
  writeHiLo(w, x >>> 0, Math.floor(x / 4294967296) | 0);
}

const SAFE_MIN = -9007199254740991n;
const SAFE_MAX = 9007199254740991n;

/** Writes a bigint in −2^63..2^64−1 (checked by the caller) as 8 bytes, two's complement. */
export function writeI64Big(w: Writer, x: bigint): void {
  if (x >= SAFE_MIN && x <= SAFE_MAX) {
    writeI64Number(w, Number(x));
    return;
  }
  writeHiLo(w, Number(x & 0xffffffffn), Number((x >> 32n) & 0xffffffffn));
}

/** Writes a string as `u32 byteLength | UTF-8 bytes`. */
export function writeString(w: Writer, s: string): void {
  const room = 4 + s.length * 3;
  if (w.pos + room > w.buf.length) grow(w, room);
  const start = w.pos;
  const end = writeUtf8(w.buf, start + 4, s);
  const n = end - start - 4;
  const b = w.buf;
  b[start] = n;
  b[start + 1] = n >>> 8;
  b[start + 2] = n >>> 16;
  b[start + 3] = n >>> 24;
  w.pos = end;
}

/** Writes a blob as `u32 length | bytes`. */
export function writeBlob(w: Writer, x: Uint8Array): void {
  const n = x.length;
  if (w.pos + 4 + n > w.buf.length) grow(w, 4 + n);
  const b = w.buf;
  const p = w.pos;
  b[p] = n;
  b[p + 1] = n >>> 8;
  b[p + 2] = n >>> 16;
  b[p + 3] = n >>> 24;
  b.set(x, p + 4);
  w.pos = p + 4 + n;
}

/**
 * Starts struct `struct` (its name, for the error when `value` is not an object) of
 * `fields` declared fields, the first with tag `base`: reserves the `u32 len | u16 count`
 * header and a tag-delta slot for every declared field, points the writer's tag state at
 * the table (each field writer fills one slot, see `field-write.ts`) and returns the
 * struct's start (for {@link endStruct}).
 */
export function beginStruct(w: Writer, value: unknown, struct: string, fields: number, base: number): number {
  if (typeof value !== "object" || value === null) throw invalidStruct(struct, value);
  const room = 6 + 2 * fields;
  if (w.pos + room > w.buf.length) grow(w, room);
  const p = w.pos;
  w.tp = p + 6;
  w.tag = base - 1;
  w.pos = p + room;
  return p;
}

/**
 * Finishes the struct started at `start` with {@link beginStruct}: when fewer than its
 * `fields` declared fields were written, moves their data down over the unused tag slots;
 * then writes the `u16 count` and back-patches the `u32 len`.
 */
export function endStruct(w: Writer, start: number, fields: number): void {
  const b = w.buf;
  const count = (w.tp - start - 6) >> 1;
  if (count < fields) {
    const data = start + 6 + 2 * fields;
    const gap = data - w.tp;
    b.copyWithin(w.tp, data, w.pos);
    w.pos -= gap;
  }
  const n = w.pos - start - 4;
  b[start] = n;
  b[start + 1] = n >>> 8;
  b[start + 2] = n >>> 16;
  b[start + 3] = n >>> 24;
  b[start + 4] = count;
  b[start + 5] = count >>> 8;
}

/** True for a bigint that fits int64. */
export function isInt64(x: unknown): x is bigint {
  return typeof x === "bigint" && x >= -0x8000000000000000n && x <= 0x7fffffffffffffffn;
}

/** True for a bigint that fits uint64. */
export function isUint64(x: unknown): x is bigint {
  return typeof x === "bigint" && x >= 0n && x <= 0xffffffffffffffffn;
}

/** True for a number that is a safe integer (the `--int64 number` int64 range). */
export function isSafeInt64(x: unknown): x is number {
  return Number.isSafeInteger(x);
}

/** True for a non-negative safe integer (the `--int64 number` uint64 range). */
export function isSafeUint64(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) >= 0;
}
