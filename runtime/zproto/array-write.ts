/**
 * Field writers of generated encoders for nested structs, arrays and maps (see
 * `field-write.ts` for the scalar ones). An array is `u32 count` then its elements; each
 * element is validated as it is written. A nested struct's encoder reuses the writer's
 * tag-table state, so a struct field saves and restores it around the nested call.
 */
import { atField, invalidElement, invalidField, missingKey } from "./errors.ts";
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
  type Writer,
} from "./writer.ts";

/** A generated struct encoder. */
export type StructWriter<T> = (w: Writer, value: T) => void;

/** Validates that `x` is an array, fills the tag slot and writes the count. */
function beginArray(w: Writer, tag: number, x: unknown, name: string): number {
  if (!Array.isArray(x)) throw invalidField(name, "an array", x);
  putTag(w, tag);
  writeU32(w, x.length);
  return x.length;
}

/** Field of a nested struct type. */
export function fieldStruct<T>(w: Writer, tag: number, x: T | null | undefined, write: StructWriter<T>, name: string): void {
  if (x == null) return;
  putTag(w, tag);
  const tp = w.tp;
  const last = w.tag;
  try {
    write(w, x);
  } catch (err) {
    throw atField(err, name);
  }
  w.tp = tp;
  w.tag = last;
}

/** Field of type `T[]` for a struct `T`. */
export function arrayStruct<T>(w: Writer, tag: number, x: T[] | null | undefined, write: StructWriter<T>, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  const tp = w.tp;
  const last = w.tag;
  let i = 0;
  try {
    for (; i < n; i++) write(w, x[i] as T);
  } catch (err) {
    throw atField(err, name, i);
  }
  w.tp = tp;
  w.tag = last;
}

/** Field of type `T[key]` (a map: an array of `T` whose elements must carry `key`). */
export function mapStruct<T>(w: Writer, tag: number, x: T[] | null | undefined, write: StructWriter<T>, name: string, key: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  const tp = w.tp;
  const last = w.tag;
  let i = 0;
  try {
    for (; i < n; i++) {
      const e = x[i] as T;
      write(w, e);
      if ((e as Record<string, unknown>)[key] == null) throw missingKey(key);
    }
  } catch (err) {
    throw atField(err, name, i);
  }
  w.tp = tp;
  w.tag = last;
}

/** Field of type `boolean[]`. */
export function arrayBool(w: Writer, tag: number, x: boolean[] | null | undefined, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  if (w.pos + n > w.buf.length) grow(w, n);
  const b = w.buf;
  let p = w.pos;
  for (let i = 0; i < n; i++) {
    const e = x[i];
    if (typeof e !== "boolean") throw invalidElement(name, i, "a boolean", e);
    b[p++] = e ? 1 : 0;
  }
  w.pos = p;
}

/** Field of an array of one-byte integers (`int8` when `signed`, else `uint8`). */
function arrayByte(w: Writer, tag: number, x: number[], name: string, signed: boolean): void {
  const n = beginArray(w, tag, x, name);
  if (w.pos + n > w.buf.length) grow(w, n);
  const b = w.buf;
  let p = w.pos;
  for (let i = 0; i < n; i++) {
    const e = x[i] as number;
    if ((signed ? (e << 24) >> 24 : e & 0xff) !== e) throw invalidElement(name, i, signed ? "int8" : "uint8", e);
    b[p++] = e;
  }
  w.pos = p;
}

/** Field of type `byte[]`-as-array (int8 elements). */
export function arrayI8(w: Writer, tag: number, x: number[] | null | undefined, name: string): void {
  if (x == null) return;
  arrayByte(w, tag, x, name, true);
}

/** Field of an array of `ubyte` (uint8 elements). */
export function arrayU8(w: Writer, tag: number, x: number[] | null | undefined, name: string): void {
  if (x == null) return;
  arrayByte(w, tag, x, name, false);
}

/** Field of type `short[]`. */
export function arrayI16(w: Writer, tag: number, x: number[] | null | undefined, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  for (let i = 0; i < n; i++) {
    const e = x[i] as number;
    if ((e << 16) >> 16 !== e) throw invalidElement(name, i, "int16", e);
    writeU16(w, e);
  }
}

/** Field of type `ushort[]`. */
export function arrayU16(w: Writer, tag: number, x: number[] | null | undefined, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  for (let i = 0; i < n; i++) {
    const e = x[i] as number;
    if ((e & 0xffff) !== e) throw invalidElement(name, i, "uint16", e);
    writeU16(w, e);
  }
}

/** Field of type `int32[]`. */
export function arrayI32(w: Writer, tag: number, x: number[] | null | undefined, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  for (let i = 0; i < n; i++) {
    const e = x[i] as number;
    if ((e | 0) !== e) throw invalidElement(name, i, "int32", e);
    writeU32(w, e);
  }
}

/** Field of type `uint32[]`. */
export function arrayU32(w: Writer, tag: number, x: number[] | null | undefined, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  for (let i = 0; i < n; i++) {
    const e = x[i] as number;
    if (e >>> 0 !== e) throw invalidElement(name, i, "uint32", e);
    writeU32(w, e);
  }
}

/** Field of type `float[]`. */
export function arrayF32(w: Writer, tag: number, x: number[] | null | undefined, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  for (let i = 0; i < n; i++) {
    const e = x[i];
    if (typeof e !== "number") throw invalidElement(name, i, "a number", e);
    writeF32(w, e);
  }
}

/** Field of type `int64[]` as bigints. */
export function arrayI64Big(w: Writer, tag: number, x: bigint[] | null | undefined, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  for (let i = 0; i < n; i++) {
    const e = x[i];
    if (!isInt64(e)) throw invalidElement(name, i, "int64 (bigint)", e);
    writeI64Big(w, e);
  }
}

/** Field of type `uint64[]` as bigints. */
export function arrayU64Big(w: Writer, tag: number, x: bigint[] | null | undefined, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  for (let i = 0; i < n; i++) {
    const e = x[i];
    if (!isUint64(e)) throw invalidElement(name, i, "uint64 (bigint)", e);
    writeI64Big(w, e);
  }
}

/** Field of type `int64[]` as safe integers (`--int64 number`). */
export function arrayI64Num(w: Writer, tag: number, x: number[] | null | undefined, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  for (let i = 0; i < n; i++) {
    const e = x[i];
    if (!isSafeInt64(e)) throw invalidElement(name, i, "int64 (safe integer)", e);
    writeI64Number(w, e);
  }
}

/** Field of type `uint64[]` as safe integers (`--int64 number`). */
export function arrayU64Num(w: Writer, tag: number, x: number[] | null | undefined, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  for (let i = 0; i < n; i++) {
    const e = x[i];
    if (!isSafeUint64(e)) throw invalidElement(name, i, "uint64 (safe integer)", e);
    writeI64Number(w, e);
  }
}

/** Field of type `string[]`. */
export function arrayString(w: Writer, tag: number, x: string[] | null | undefined, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  for (let i = 0; i < n; i++) {
    const e = x[i];
    if (typeof e !== "string") throw invalidElement(name, i, "a string", e);
    writeString(w, e);
  }
}

/** Field of type `blob[]`. */
export function arrayBlob(w: Writer, tag: number, x: Uint8Array[] | null | undefined, name: string): void {
  if (x == null) return;
  const n = beginArray(w, tag, x, name);
  for (let i = 0; i < n; i++) {
    const e = x[i];
    if (!(e instanceof Uint8Array)) throw invalidElement(name, i, "a Uint8Array", e);
    writeBlob(w, e);
  }
}
