/**
 * Field writers of generated encoders for nested structs, arrays and maps (see
 * `field-write.ts` for the scalar ones). An array is `u32 count` then its elements; each
 * element is validated as it is written. A nested struct's encoder reuses the writer's
 * tag-table state, so a struct field saves and restores it around the nested call.
 */
import { atTag, invalidElement, invalidField, missingKey } from "./errors.ts";
import { putTag } from "./field-write.ts";
import {
  grow,
  isInt64,
  isSafeInt64,
  isSafeUint64,
  isUint64,
  writeBlob,
  writeF32,
  writeI64Big,
  writeI64Number,
  writeString,
  writeU16,
  writeU32,
  writeU8,
  type Writer,
} from "./writer.ts";

/** Encodes a struct `T` at the writer's position (a struct table's `encode`, `struct-table.ts`). */
export type StructWriter<T> = (w: Writer, value: T) => void;

/** What nested struct fields are written through: a struct's table, or anything with its writer. */
export interface StructTarget<T> {
  readonly encode: StructWriter<T>;
}

/** Validates that `x` is an array, fills the tag slot and writes the count. */
function beginArray(w: Writer, tag: number, x: unknown): number {
  if (!Array.isArray(x)) throw invalidField(tag, "an array", x);
  putTag(w, tag);
  writeU32(w, x.length);
  return x.length;
}

/** Field of a nested struct type. */
export function fieldStruct<T>(w: Writer, tag: number, x: T | null | undefined, struct: StructTarget<T>): void {
  if (x == null) return;
  putTag(w, tag);
  const tp = w.tp;
  const last = w.tag;
  try {
    struct.encode(w, x);
  } catch (err) {
    throw atTag(err, tag);
  }
  w.tp = tp;
  w.tag = last;
}

/** Field of type `T[]` for a struct `T`. */
export function arrayStruct<T>(w: Writer, tag: number, x: T[] | null | undefined, struct: StructTarget<T>): void {
  if (x == null) return;
  const n = beginArray(w, tag, x);
  const tp = w.tp;
  const last = w.tag;
  const write = struct.encode;
  let i = 0;
  try {
    for (; i < n; i++) write(w, x[i] as T);
  } catch (err) {
    throw atTag(err, tag, i);
  }
  w.tp = tp;
  w.tag = last;
}

/** Field of type `T[key]` (a map: an array of `T` whose elements must carry `key`). */
export function mapStruct<T>(w: Writer, tag: number, x: T[] | null | undefined, struct: StructTarget<T>, key: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x);
  const tp = w.tp;
  const last = w.tag;
  const write = struct.encode;
  let i = 0;
  try {
    for (; i < n; i++) {
      const e = x[i] as T;
      write(w, e);
      if ((e as Record<string, unknown>)[key] == null) throw missingKey(key);
    }
  } catch (err) {
    throw atTag(err, tag, i);
  }
  w.tp = tp;
  w.tag = last;
}

/** Field of type `boolean[]`. */
export function arrayBool(w: Writer, tag: number, x: boolean[] | null | undefined): void {
  if (x == null) return;
  const n = beginArray(w, tag, x);
  if (w.pos + n > w.buf.length) grow(w, n);
  const b = w.buf;
  let p = w.pos;
  for (let i = 0; i < n; i++) {
    const e = x[i];
    if (typeof e !== "boolean") throw invalidElement(tag, i, "a boolean", e);
    b[p++] = e ? 1 : 0;
  }
  w.pos = p;
}

/** Element checks of the scalar array writers. */
// `typeof` first: the bit operators throw a TypeError for a bigint or a symbol.
const validI8 = (e: unknown): boolean => typeof e === "number" && (e << 24) >> 24 === e;
const validU8 = (e: unknown): boolean => typeof e === "number" && (e & 0xff) === e;
const validI16 = (e: unknown): boolean => typeof e === "number" && (e << 16) >> 16 === e;
const validU16 = (e: unknown): boolean => typeof e === "number" && (e & 0xffff) === e;
const validI32 = (e: unknown): boolean => typeof e === "number" && (e | 0) === e;
const validU32 = (e: unknown): boolean => typeof e === "number" && e >>> 0 === e;
const validF32 = (e: unknown): boolean => typeof e === "number";
const validString = (e: unknown): boolean => typeof e === "string";
const validBlob = (e: unknown): boolean => e instanceof Uint8Array;

/**
 * Writes array field `tag` unless `x` is absent: each element is
 * checked with `valid` (else the error names `expected`) and written with `write`. Each
 * exported writer below passes its own constant pair, which the JIT inlines with this.
 */
function writeScalarArray<E>(
  w: Writer,
  tag: number,
  x: readonly E[] | null | undefined,
  valid: (e: unknown) => boolean,
  expected: string,
  write: (w: Writer, e: E) => void,
): void {
  if (x == null) return;
  const n = beginArray(w, tag, x);
  for (let i = 0; i < n; i++) {
    const e = x[i] as E;
    if (!valid(e)) throw invalidElement(tag, i, expected, e);
    write(w, e);
  }
}

/** Field of an array of byte (int8) elements. */
export function arrayI8(w: Writer, tag: number, x: number[] | null | undefined): void {
  writeScalarArray(w, tag, x, validI8, "int8", writeU8);
}

/** Field of an array of ubyte (uint8) elements. */
export function arrayU8(w: Writer, tag: number, x: number[] | null | undefined): void {
  writeScalarArray(w, tag, x, validU8, "uint8", writeU8);
}

/** Field of an array of `short[]`. */
export function arrayI16(w: Writer, tag: number, x: number[] | null | undefined): void {
  writeScalarArray(w, tag, x, validI16, "int16", writeU16);
}

/** Field of an array of `ushort[]`. */
export function arrayU16(w: Writer, tag: number, x: number[] | null | undefined): void {
  writeScalarArray(w, tag, x, validU16, "uint16", writeU16);
}

/** Field of an array of `int32[]`. */
export function arrayI32(w: Writer, tag: number, x: number[] | null | undefined): void {
  writeScalarArray(w, tag, x, validI32, "int32", writeU32);
}

/** Field of an array of `uint32[]`. */
export function arrayU32(w: Writer, tag: number, x: number[] | null | undefined): void {
  writeScalarArray(w, tag, x, validU32, "uint32", writeU32);
}

/** Field of an array of `float[]`. */
export function arrayF32(w: Writer, tag: number, x: number[] | null | undefined): void {
  writeScalarArray(w, tag, x, validF32, "a number", writeF32);
}

/** Field of an array of `int64[]` as bigints. */
export function arrayI64Big(w: Writer, tag: number, x: bigint[] | null | undefined): void {
  writeScalarArray(w, tag, x, isInt64, "int64 (bigint)", writeI64Big);
}

/** Field of an array of `uint64[]` as bigints. */
export function arrayU64Big(w: Writer, tag: number, x: bigint[] | null | undefined): void {
  writeScalarArray(w, tag, x, isUint64, "uint64 (bigint)", writeI64Big);
}

/** Field of an array of `int64[]` as safe integers (`--int64 number`). */
export function arrayI64Num(w: Writer, tag: number, x: number[] | null | undefined): void {
  writeScalarArray(w, tag, x, isSafeInt64, "int64 (safe integer)", writeI64Number);
}

/** Field of an array of `uint64[]` as safe integers (`--int64 number`). */
export function arrayU64Num(w: Writer, tag: number, x: number[] | null | undefined): void {
  writeScalarArray(w, tag, x, isSafeUint64, "uint64 (safe integer)", writeI64Number);
}

/** Field of an array of `string[]`. */
export function arrayString(w: Writer, tag: number, x: string[] | null | undefined): void {
  writeScalarArray(w, tag, x, validString, "a string", writeString);
}

/** Field of an array of `blob[]`. */
export function arrayBlob(w: Writer, tag: number, x: Uint8Array[] | null | undefined): void {
  writeScalarArray(w, tag, x, validBlob, "a Uint8Array", writeBlob);
}
