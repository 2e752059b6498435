/**
 * Array and map readers of generated decoders: one call per array field. Each reads the
 * count with {@link readCount} (which checks that count × the element's minimum size bytes
 * remain before anything is allocated), allocates the array at its size and reads the
 * elements. `undefined` means a count
 * ≥ 2^31, which zproto treats as an absent field.
 */
import { atIndex } from "./errors.ts";
import { keepLastByKey } from "./map.ts";
import {
  missingMapKey,
  readBlob,
  readCount,
  readF32,
  readI16,
  readI32,
  readI64Big,
  readI64Number,
  readI8,
  readString,
  readU16,
  readU32,
  readU64Big,
  readU64Number,
  readU8,
  type Reader,
} from "./reader.ts";

/**
 * Decodes a struct `T` at `r.pos` inside a span ending at `end`, at nesting `depth`: opens
 * it, reads its fields and moves `r.pos` past it (a struct table's `decode`, `struct-table.ts`).
 */
export type StructReader<T> = (r: Reader, end: number, depth: number) => T;

/** What nested struct fields are read through: a struct's field table, or anything with its reader. */
export interface StructSource<T> {
  readonly decode: StructReader<T>;
}

/** Reads a struct `T` field at nesting `depth` (the enclosing struct's + 1). */
export function readStruct<T>(r: Reader, end: number, depth: number, struct: StructSource<T>): T {
  return struct.decode(r, end, depth);
}

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

/**
 * Reads an array of `size`-byte scalars with `read` (each exported reader below passes its
 * own constant pair, which the JIT inlines with this).
 */
function readScalars<E>(r: Reader, end: number, size: number, read: (r: Reader, end: number) => E): E[] | undefined {
  const c = readCount(r, end, size);
  if (c < 0) return undefined;
  const a = new Array<E>(c);
  for (let j = 0; j < c; j++) a[j] = read(r, end);
  return a;
}

/** Reads an array of int8. */
export function readI8Array(r: Reader, end: number): number[] | undefined {
  return readScalars(r, end, 1, readI8);
}

/** Reads an array of uint8. */
export function readU8Array(r: Reader, end: number): number[] | undefined {
  return readScalars(r, end, 1, readU8);
}

/** Reads `short[]`. */
export function readI16Array(r: Reader, end: number): number[] | undefined {
  return readScalars(r, end, 2, readI16);
}

/** Reads `ushort[]`. */
export function readU16Array(r: Reader, end: number): number[] | undefined {
  return readScalars(r, end, 2, readU16);
}

/** Reads `int32[]`. */
export function readI32Array(r: Reader, end: number): number[] | undefined {
  return readScalars(r, end, 4, readI32);
}

/** Reads `uint32[]`. */
export function readU32Array(r: Reader, end: number): number[] | undefined {
  return readScalars(r, end, 4, readU32);
}

/** Reads `float[]`. */
export function readF32Array(r: Reader, end: number): number[] | undefined {
  return readScalars(r, end, 4, readF32);
}

/** Reads `int64[]` as bigints. */
export function readI64BigArray(r: Reader, end: number): bigint[] | undefined {
  return readScalars(r, end, 8, readI64Big);
}

/** Reads `uint64[]` as bigints. */
export function readU64BigArray(r: Reader, end: number): bigint[] | undefined {
  return readScalars(r, end, 8, readU64Big);
}

/** Reads `int64[]` as safe integers (`--int64 number`; a value outside the range is a DecodeError). */
export function readI64NumArray(r: Reader, end: number): number[] | undefined {
  return readScalars(r, end, 8, readI64Number);
}

/** Reads `uint64[]` as safe integers (`--int64 number`). */
export function readU64NumArray(r: Reader, end: number): number[] | undefined {
  return readScalars(r, end, 8, readU64Number);
}

/** Reads `string[]`. */
export function readStringArray(r: Reader, end: number): string[] | undefined {
  return readScalars(r, end, 4, readString);
}

/** Reads `blob[]`. */
export function readBlobArray(r: Reader, end: number): Uint8Array[] | undefined {
  return readScalars(r, end, 4, readBlob);
}

/** Reads `T[]` for a struct `T`, elements at nesting `depth` (the enclosing struct's + 1). */
export function readStructArray<T>(r: Reader, end: number, depth: number, struct: StructSource<T>): T[] | undefined {
  const read = struct.decode;
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
export function readStructMap<T>(r: Reader, end: number, depth: number, struct: StructSource<T>, key: string): T[] | undefined {
  const read = struct.decode;
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
