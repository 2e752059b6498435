/**
 * Array and map readers of generated decoders: one call per array field. Each reads the
 * count with {@link readCount} (which checks that count × the element's minimum size bytes
 * remain before anything is allocated), allocates the array at its size and reads the
 * elements; fixed-width elements need no further bounds checks. `undefined` means a count
 * ≥ 2^31, which zproto treats as an absent field.
 */
import { atIndex } from "./errors.ts";
import { keepLastByKey } from "./map.ts";
import {
  missingMapKey,
  readBlob,
  readCount,
  readI64Big,
  readI64Number,
  readString,
  readU16,
  readU64Big,
  readU64Number,
  type Reader,
} from "./reader.ts";

/** A generated struct decoder. */
export type StructReader<T> = (r: Reader, end: number, depth: number) => T;

/** Reads `boolean[]`. */
export function readBoolArray(r: Reader, end: number): boolean[] | undefined {
  const c = readCount(r, end, 1);
  if (c < 0) return undefined;
  const a = new Array<boolean>(c);
  const b = r.buf;
  const p = r.pos;
  for (let j = 0; j < c; j++) a[j] = b[p + j] !== 0;
  r.pos = p + c;
  return a;
}

/** Reads an array of int8 (`signed`) or uint8. */
function readByteArray(r: Reader, end: number, signed: boolean): number[] | undefined {
  const c = readCount(r, end, 1);
  if (c < 0) return undefined;
  const a = new Array<number>(c);
  const b = r.buf;
  const p = r.pos;
  for (let j = 0; j < c; j++) a[j] = signed ? ((b[p + j] as number) << 24) >> 24 : (b[p + j] as number);
  r.pos = p + c;
  return a;
}

/** Reads an array of int8. */
export function readI8Array(r: Reader, end: number): number[] | undefined {
  return readByteArray(r, end, true);
}

/** Reads an array of uint8. */
export function readU8Array(r: Reader, end: number): number[] | undefined {
  return readByteArray(r, end, false);
}

/** Reads `short[]`. */
export function readI16Array(r: Reader, end: number): number[] | undefined {
  const c = readCount(r, end, 2);
  if (c < 0) return undefined;
  const a = new Array<number>(c);
  const v = r.view;
  let p = r.pos;
  for (let j = 0; j < c; j++, p += 2) a[j] = v.getInt16(p, true);
  r.pos = p;
  return a;
}

/** Reads `ushort[]`. */
export function readU16Array(r: Reader, end: number): number[] | undefined {
  const c = readCount(r, end, 2);
  if (c < 0) return undefined;
  const a = new Array<number>(c);
  for (let j = 0; j < c; j++) a[j] = readU16(r, end);
  return a;
}

/** Reads `int32[]`. */
export function readI32Array(r: Reader, end: number): number[] | undefined {
  const c = readCount(r, end, 4);
  if (c < 0) return undefined;
  const a = new Array<number>(c);
  const v = r.view;
  let p = r.pos;
  for (let j = 0; j < c; j++, p += 4) a[j] = v.getInt32(p, true);
  r.pos = p;
  return a;
}

/** Reads `uint32[]`. */
export function readU32Array(r: Reader, end: number): number[] | undefined {
  const c = readCount(r, end, 4);
  if (c < 0) return undefined;
  const a = new Array<number>(c);
  const v = r.view;
  let p = r.pos;
  for (let j = 0; j < c; j++, p += 4) a[j] = v.getUint32(p, true);
  r.pos = p;
  return a;
}

/** Reads `float[]`. */
export function readF32Array(r: Reader, end: number): number[] | undefined {
  const c = readCount(r, end, 4);
  if (c < 0) return undefined;
  const a = new Array<number>(c);
  const v = r.view;
  let p = r.pos;
  for (let j = 0; j < c; j++, p += 4) a[j] = v.getFloat32(p, true);
  r.pos = p;
  return a;
}

/** Reads an array of 8-byte values with `read` (bigint or safe-integer int64/uint64). */
function readWideArray<T>(r: Reader, end: number, read: (r: Reader, end: number) => T): T[] | undefined {
  const c = readCount(r, end, 8);
  if (c < 0) return undefined;
  const a = new Array<T>(c);
  for (let j = 0; j < c; j++) a[j] = read(r, end);
  return a;
}

/** Reads `int64[]` as bigints. */
export function readI64BigArray(r: Reader, end: number): bigint[] | undefined {
  return readWideArray(r, end, readI64Big);
}

/** Reads `uint64[]` as bigints. */
export function readU64BigArray(r: Reader, end: number): bigint[] | undefined {
  return readWideArray(r, end, readU64Big);
}

/** Reads `int64[]` as safe integers (`--int64 number`; a value outside the range is a DecodeError). */
export function readI64NumArray(r: Reader, end: number): number[] | undefined {
  return readWideArray(r, end, readI64Number);
}

/** Reads `uint64[]` as safe integers (`--int64 number`). */
export function readU64NumArray(r: Reader, end: number): number[] | undefined {
  return readWideArray(r, end, readU64Number);
}

/** Reads `string[]`. */
export function readStringArray(r: Reader, end: number): string[] | undefined {
  const c = readCount(r, end, 4);
  if (c < 0) return undefined;
  const a = new Array<string>(c);
  for (let j = 0; j < c; j++) a[j] = readString(r, end);
  return a;
}

/** Reads `blob[]`. */
export function readBlobArray(r: Reader, end: number): Uint8Array[] | undefined {
  const c = readCount(r, end, 4);
  if (c < 0) return undefined;
  const a = new Array<Uint8Array>(c);
  for (let j = 0; j < c; j++) a[j] = readBlob(r, end);
  return a;
}

/** Reads `T[]` for a struct `T`, elements at nesting `depth` (the enclosing struct's + 1). */
export function readStructArray<T>(r: Reader, end: number, depth: number, read: StructReader<T>): T[] | undefined {
  const c = readCount(r, end, 6);
  if (c < 0) return undefined;
  const a = new Array<T>(c);
  let j = 0;
  try {
    for (; j < c; j++) a[j] = read(r, end, depth);
  } catch (err) {
    throw atIndex(err, j);
  }
  return a;
}

/**
 * Reads `T[key]` (a map: an array of `T` whose elements must carry `key`); a repeated key
 * keeps its last element.
 */
export function readStructMap<T>(r: Reader, end: number, depth: number, read: StructReader<T>, key: string): T[] | undefined {
  const c = readCount(r, end, 6);
  if (c < 0) return undefined;
  const a = new Array<T>(c);
  let j = 0;
  try {
    for (; j < c; j++) {
      const e = read(r, end, depth);
      if ((e as Record<string, unknown>)[key] === undefined) throw missingMapKey(r, key);
      a[j] = e;
    }
  } catch (err) {
    throw atIndex(err, j);
  }
  return keepLastByKey(a, (e) => (e as Record<string, unknown>)[key]);
}
