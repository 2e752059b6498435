/**
 * The decode side of the codec primitives used by generated code. Every read checks its
 * bounds against `end` (the end of the enclosing struct) and throws a {@link DecodeError}
 * with the byte offset; nothing here can read out of bounds. Generated decoders keep the
 * struct's end in a local and pass it to each read.
 *
 * Offsets (`pos`, `end`, error offsets) are indexes into `buf`. A `MessageCodec` decodes
 * through a `buf` over the input's whole ArrayBuffer (so that `buf` and `view`, costly to
 * create, serve every input view of one buffer) and rebases error offsets to the input's
 * first byte; a reader from {@link createReader} starts at the input itself.
 */
import { DecodeError } from "./errors.ts";
import { readText, type TextSource } from "./text.ts";

/** A position in the input being decoded. */
export interface Reader extends TextSource {
  /** The bytes (offsets are indexes into it). */
  buf: Uint8Array;
  /** A DataView over exactly the bytes of `buf` (multi-byte little-endian reads). */
  view: DataView;
  /** Current offset in `buf`. */
  pos: number;
  /** Set by {@link beginRead}: offset of the open struct's tag-delta table. */
  tags: number;
  /** Set by {@link beginRead}: number of entries in that table. */
  count: number;
  /**
   * Set by {@link beginRead}: every declared field of the open struct is present, in
   * order, so the generated decoder reads them straight into its result (the fast path);
   * otherwise it hands the struct to `readPartial` (`partial.ts`).
   */
  full: boolean;
  /**
   * Set while a failed decode is repeated to name the failing field: every struct then
   * takes `readPartial`, which attributes errors to fields (the fast path does not).
   */
  careful: boolean;
  /** End offset of the message being decoded in `buf` (the text window stops there). */
  limit: number;
  /** Text window of `text.ts`: `buf[textStart..textEnd)` as a Latin-1 string. */
  text: string;
  /** Start offset of {@link Reader.text} in `buf`. */
  textStart: number;
  /** End offset of {@link Reader.text} in `buf`. */
  textEnd: number;
}

/** Maximum struct nesting depth (the top-level message is depth 1). */
export const MAX_DEPTH = 64;

/** Creates a reader over `bytes` (offsets in errors are relative to `bytes[0]`). */
export function createReader(bytes: Uint8Array): Reader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    buf: bytes,
    view,
    pos: 0,
    tags: 0,
    count: 0,
    full: false,
    careful: false,
    limit: bytes.length,
    text: "",
    textStart: 0,
    textEnd: 0,
  };
}

/** The error for a `what` of `need` bytes at `at` that does not fit before `end`. */
export function truncated(what: string, at: number, need: number, end: number): DecodeError {
  return new DecodeError("truncated", `${what} needs ${need} bytes, ${Math.max(0, end - at)} left`, at);
}

/**
 * Opens a struct at `r.pos` at nesting `depth`: reads and checks `u32 len` and `u16 count`,
 * checks the tag table fits, notes the table (`r.tags`, `r.count`), moves `r.pos` to the
 * field data and returns the struct's end offset. `consecutive` is the number of declared
 * fields when their tags are consecutive (else −1): then a table of exactly that many zero
 * deltas means every field is present in order, and `r.full` says so.
 */
export function beginRead(r: Reader, end: number, depth: number, consecutive: number): number {
  const p = r.pos;
  if (depth > MAX_DEPTH) throw new DecodeError("depth-exceeded", `nesting deeper than ${MAX_DEPTH} levels`, p);
  if (p + 6 > end) throw truncated("struct header", p, 6, end);
  const v = r.view;
  const len = v.getUint32(p, true);
  const se = p + 4 + len;
  if (se > end) throw new DecodeError("truncated", `struct length ${len} extends past the end`, p);
  if (len < 2) throw new DecodeError("invalid-length", `struct length ${len} leaves no room for the field count`, p);
  const count = v.getUint16(p + 4, true);
  const tags = p + 6;
  const data = tags + 2 * count;
  if (data > se) throw new DecodeError("truncated", `tag table of ${count} fields extends past the struct`, p + 4);
  r.tags = tags;
  r.count = count;
  r.full = count === consecutive && !r.careful && allZero(v, tags, data);
  r.pos = data;
  return se;
}

/** True when the `u16`s in `[from, to)` are all 0 (the tag deltas of consecutive tags). */
function allZero(v: DataView, from: number, to: number): boolean {
  for (let q = from; q < to; q += 2) if (v.getUint16(q, true) !== 0) return false;
  return true;
}

/** Reads a boolean (any non-zero byte is true, like zproto). */
export function readBool(r: Reader, end: number): boolean {
  const p = r.pos;
  if (p + 1 > end) throw truncated("boolean", p, 1, end);
  r.pos = p + 1;
  return r.buf[p] !== 0;
}

/** Reads a signed byte. */
export function readI8(r: Reader, end: number): number {
  const p = r.pos;
  if (p + 1 > end) throw truncated("byte", p, 1, end);
  r.pos = p + 1;
  return ((r.buf[p] as number) << 24) >> 24;
}

/** Reads an unsigned byte. */
export function readU8(r: Reader, end: number): number {
  const p = r.pos;
  if (p + 1 > end) throw truncated("ubyte", p, 1, end);
  r.pos = p + 1;
  return r.buf[p] as number;
}

/** Reads a signed 16-bit integer. */
export function readI16(r: Reader, end: number): number {
  const p = r.pos;
  if (p + 2 > end) throw truncated("short", p, 2, end);
  r.pos = p + 2;
  return r.view.getInt16(p, true);
}

/** Reads an unsigned 16-bit integer. */
export function readU16(r: Reader, end: number): number {
  const p = r.pos;
  if (p + 2 > end) throw truncated("ushort", p, 2, end);
  r.pos = p + 2;
  return r.view.getUint16(p, true);
}

/** Reads a signed 32-bit integer. */
export function readI32(r: Reader, end: number): number {
  const p = r.pos;
  if (p + 4 > end) throw truncated("int32", p, 4, end);
  r.pos = p + 4;
  return r.view.getInt32(p, true);
}

/** Reads an unsigned 32-bit integer. */
export function readU32(r: Reader, end: number): number {
  const p = r.pos;
  if (p + 4 > end) throw truncated("uint32", p, 4, end);
  r.pos = p + 4;
  return r.view.getUint32(p, true);
}

/** Reads an IEEE-754 binary32 float. */
export function readF32(r: Reader, end: number): number {
  const p = r.pos;
  if (p + 4 > end) throw truncated("float", p, 4, end);
  r.pos = p + 4;
  return r.view.getFloat32(p, true);
}

function lo32(r: Reader, p: number): number {
  return r.view.getUint32(p, true);
}

function hi32(r: Reader, p: number): number {
  return r.view.getInt32(p + 4, true);
}

/** Reads a signed 64-bit integer as a bigint. */
export function readI64Big(r: Reader, end: number): bigint {
  const p = r.pos;
  if (p + 8 > end) throw truncated("int64", p, 8, end);
  r.pos = p + 8;
  const lo = lo32(r, p);
  const hi = hi32(r, p);
  if (hi >= -0x200000 && hi < 0x200000) return BigInt(hi * 4294967296 + lo);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Reads an unsigned 64-bit integer as a bigint. */
export function readU64Big(r: Reader, end: number): bigint {
  const p = r.pos;
  if (p + 8 > end) throw truncated("uint64", p, 8, end);
  r.pos = p + 8;
  const lo = lo32(r, p);
  const hi = hi32(r, p) >>> 0;
  if (hi < 0x200000) return BigInt(hi * 4294967296 + lo);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Reads a signed 64-bit integer as a number; a value outside the safe range is a DecodeError. */
export function readI64Number(r: Reader, end: number): number {
  const p = r.pos;
  if (p + 8 > end) throw truncated("int64", p, 8, end);
  const hi = hi32(r, p);
  const v = hi * 4294967296 + lo32(r, p);
  if (!Number.isSafeInteger(v) || hi < -0x200000 || hi >= 0x200000) {
    throw new DecodeError("out-of-range", "int64 value is not a safe integer (generated with --int64 number)", p);
  }
  r.pos = p + 8;
  return v;
}

/** Reads an unsigned 64-bit integer as a number; a value above 2^53−1 is a DecodeError. */
export function readU64Number(r: Reader, end: number): number {
  const p = r.pos;
  if (p + 8 > end) throw truncated("uint64", p, 8, end);
  const hi = hi32(r, p) >>> 0;
  const v = hi * 4294967296 + lo32(r, p);
  if (hi >= 0x200000 || !Number.isSafeInteger(v)) {
    throw new DecodeError("out-of-range", "uint64 value is not a safe integer (generated with --int64 number)", p);
  }
  r.pos = p + 8;
  return v;
}

function readLength(r: Reader, end: number, what: string): number {
  const p = r.pos;
  if (p + 4 > end) throw truncated(`${what} length`, p, 4, end);
  const n = lo32(r, p);
  if (p + 4 + n > end) throw new DecodeError("truncated", `${what} length ${n} extends past the end`, p);
  r.pos = p + 4;
  return n;
}

/** Reads `u32 length | bytes` as a UTF-8 string. */
export function readString(r: Reader, end: number): string {
  const n = readLength(r, end, "string");
  const p = r.pos;
  r.pos = p + n;
  return readText(r, p, p + n);
}

/** Reads `u32 length | bytes` as a blob (a copy, never a view of the input). */
export function readBlob(r: Reader, end: number): Uint8Array {
  const n = readLength(r, end, "blob");
  const p = r.pos;
  r.pos = p + n;
  return r.buf.slice(p, p + n);
}

/**
 * Reads an array/map element count and checks that `count × minSize` bytes remain before
 * anything is allocated. Returns −1 for a count ≥ 0x80000000, which zproto reads as a
 * negative number and treats as an absent field (see lenient.jsonl).
 */
export function readCount(r: Reader, end: number, minSize: number): number {
  const p = r.pos;
  if (p + 4 > end) throw truncated("array count", p, 4, end);
  const n = lo32(r, p);
  r.pos = p + 4;
  if (n >= 0x80000000) return -1;
  if (n * minSize > end - p - 4) {
    throw new DecodeError("truncated", `array count ${n} needs at least ${n * minSize} bytes, ${end - p - 4} left`, p);
  }
  return n;
}

/** Generated code: a map element decoded without its key field. */
export function missingMapKey(r: Reader, key: string): DecodeError {
  return new DecodeError("missing-key", `map element has no key field '${key}'`, r.pos);
}
