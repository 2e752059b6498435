/**
 * Field readers of generated decoders: one call per declared field, in ascending tag
 * order, inside the struct's result literal. Each reads its field when it is the open
 * struct's next tag-table entry (then moves the tag cursor on), else gives `undefined`
 * (absent; see {@link absentField}). Each is small, so the JIT inlines it into the decoder.
 */
import {
  readBlobArray,
  readBoolArray,
  readF32Array,
  readI16Array,
  readI32Array,
  readI64BigArray,
  readI64NumArray,
  readI8Array,
  readStringArray,
  readStructArray,
  readStructMap,
  readU16Array,
  readU32Array,
  readU64BigArray,
  readU64NumArray,
  readU8Array,
  type StructReader,
} from "./array-read.ts";
import {
  absentField,
  readBlob,
  readBool,
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
  stepTag,
  type Reader,
} from "./reader.ts";

/** Field of type `boolean` with tag `tag`, or `undefined` when absent. */
export function readBoolAt(r: Reader, end: number, tag: number): boolean | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readBool(r, end);
  stepTag(r);
  return v;
}

/** Field of type `int8` with tag `tag`, or `undefined` when absent. */
export function readI8At(r: Reader, end: number, tag: number): number | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readI8(r, end);
  stepTag(r);
  return v;
}

/** Field of type `uint8` with tag `tag`, or `undefined` when absent. */
export function readU8At(r: Reader, end: number, tag: number): number | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readU8(r, end);
  stepTag(r);
  return v;
}

/** Field of type `int16` with tag `tag`, or `undefined` when absent. */
export function readI16At(r: Reader, end: number, tag: number): number | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readI16(r, end);
  stepTag(r);
  return v;
}

/** Field of type `uint16` with tag `tag`, or `undefined` when absent. */
export function readU16At(r: Reader, end: number, tag: number): number | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readU16(r, end);
  stepTag(r);
  return v;
}

/** Field of type `int32` with tag `tag`, or `undefined` when absent. */
export function readI32At(r: Reader, end: number, tag: number): number | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readI32(r, end);
  stepTag(r);
  return v;
}

/** Field of type `uint32` with tag `tag`, or `undefined` when absent. */
export function readU32At(r: Reader, end: number, tag: number): number | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readU32(r, end);
  stepTag(r);
  return v;
}

/** Field of type `float` with tag `tag`, or `undefined` when absent. */
export function readF32At(r: Reader, end: number, tag: number): number | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readF32(r, end);
  stepTag(r);
  return v;
}

/** Field of type `int64 (bigint)` with tag `tag`, or `undefined` when absent. */
export function readI64BigAt(r: Reader, end: number, tag: number): bigint | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readI64Big(r, end);
  stepTag(r);
  return v;
}

/** Field of type `uint64 (bigint)` with tag `tag`, or `undefined` when absent. */
export function readU64BigAt(r: Reader, end: number, tag: number): bigint | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readU64Big(r, end);
  stepTag(r);
  return v;
}

/** Field of type `int64 (safe integer)` with tag `tag`, or `undefined` when absent. */
export function readI64NumAt(r: Reader, end: number, tag: number): number | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readI64Number(r, end);
  stepTag(r);
  return v;
}

/** Field of type `uint64 (safe integer)` with tag `tag`, or `undefined` when absent. */
export function readU64NumAt(r: Reader, end: number, tag: number): number | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readU64Number(r, end);
  stepTag(r);
  return v;
}

/** Field of type `string` with tag `tag`, or `undefined` when absent. */
export function readStringAt(r: Reader, end: number, tag: number): string | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readString(r, end);
  stepTag(r);
  return v;
}

/** Field of type `blob` with tag `tag`, or `undefined` when absent. */
export function readBlobAt(r: Reader, end: number, tag: number): Uint8Array | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readBlob(r, end);
  stepTag(r);
  return v;
}

/** Field of type `boolean[]` with tag `tag`, or `undefined` when absent. */
export function readBoolArrayAt(r: Reader, end: number, tag: number): boolean[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readBoolArray(r, end);
  stepTag(r);
  return v;
}

/** Field of type `int8[]` with tag `tag`, or `undefined` when absent. */
export function readI8ArrayAt(r: Reader, end: number, tag: number): number[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readI8Array(r, end);
  stepTag(r);
  return v;
}

/** Field of type `uint8[]` with tag `tag`, or `undefined` when absent. */
export function readU8ArrayAt(r: Reader, end: number, tag: number): number[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readU8Array(r, end);
  stepTag(r);
  return v;
}

/** Field of type `int16[]` with tag `tag`, or `undefined` when absent. */
export function readI16ArrayAt(r: Reader, end: number, tag: number): number[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readI16Array(r, end);
  stepTag(r);
  return v;
}

/** Field of type `uint16[]` with tag `tag`, or `undefined` when absent. */
export function readU16ArrayAt(r: Reader, end: number, tag: number): number[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readU16Array(r, end);
  stepTag(r);
  return v;
}

/** Field of type `int32[]` with tag `tag`, or `undefined` when absent. */
export function readI32ArrayAt(r: Reader, end: number, tag: number): number[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readI32Array(r, end);
  stepTag(r);
  return v;
}

/** Field of type `uint32[]` with tag `tag`, or `undefined` when absent. */
export function readU32ArrayAt(r: Reader, end: number, tag: number): number[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readU32Array(r, end);
  stepTag(r);
  return v;
}

/** Field of type `float[]` with tag `tag`, or `undefined` when absent. */
export function readF32ArrayAt(r: Reader, end: number, tag: number): number[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readF32Array(r, end);
  stepTag(r);
  return v;
}

/** Field of type `int64 (bigint)[]` with tag `tag`, or `undefined` when absent. */
export function readI64BigArrayAt(r: Reader, end: number, tag: number): bigint[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readI64BigArray(r, end);
  stepTag(r);
  return v;
}

/** Field of type `uint64 (bigint)[]` with tag `tag`, or `undefined` when absent. */
export function readU64BigArrayAt(r: Reader, end: number, tag: number): bigint[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readU64BigArray(r, end);
  stepTag(r);
  return v;
}

/** Field of type `int64 (safe integer)[]` with tag `tag`, or `undefined` when absent. */
export function readI64NumArrayAt(r: Reader, end: number, tag: number): number[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readI64NumArray(r, end);
  stepTag(r);
  return v;
}

/** Field of type `uint64 (safe integer)[]` with tag `tag`, or `undefined` when absent. */
export function readU64NumArrayAt(r: Reader, end: number, tag: number): number[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readU64NumArray(r, end);
  stepTag(r);
  return v;
}

/** Field of type `string[]` with tag `tag`, or `undefined` when absent. */
export function readStringArrayAt(r: Reader, end: number, tag: number): string[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readStringArray(r, end);
  stepTag(r);
  return v;
}

/** Field of type `blob[]` with tag `tag`, or `undefined` when absent. */
export function readBlobArrayAt(r: Reader, end: number, tag: number): Uint8Array[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const v = readBlobArray(r, end);
  stepTag(r);
  return v;
}

// The readers of nested structs keep the tag cursor of the struct being read (the nested
// struct uses the cursor for its own fields) and restore it on failure too, so that the
// enclosing struct names the field that failed.

/** Field of a nested struct type with tag `tag` in a struct at nesting `depth`, or `undefined` when absent. */
export function readStructAt<T>(r: Reader, end: number, tag: number, depth: number, read: StructReader<T>): T | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const tp = r.tp;
  const left = r.left;
  const count = r.count;
  let v: T;
  try {
    v = read(r, end, depth + 1);
  } finally {
    r.next = tag;
    r.tp = tp;
    r.left = left;
    r.count = count;
  }
  stepTag(r);
  return v;
}

/** Field of type `T[]` (`T` a struct) with tag `tag` in a struct at nesting `depth`, or `undefined` when absent. */
export function readStructArrayAt<T>(r: Reader, end: number, tag: number, depth: number, read: StructReader<T>): T[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const tp = r.tp;
  const left = r.left;
  const count = r.count;
  let v: T[] | undefined;
  try {
    v = readStructArray(r, end, depth + 1, read);
  } finally {
    r.next = tag;
    r.tp = tp;
    r.left = left;
    r.count = count;
  }
  stepTag(r);
  return v;
}

/** Field of type `T[key]` (a map) with tag `tag` in a struct at nesting `depth`, or `undefined` when absent. */
export function readStructMapAt<T>(r: Reader, end: number, tag: number, depth: number, read: StructReader<T>, key: string): T[] | undefined {
  if (r.next !== tag) return absentField(r, tag);
  const tp = r.tp;
  const left = r.left;
  const count = r.count;
  let v: T[] | undefined;
  try {
    v = readStructMap(r, end, depth + 1, read, key);
  } finally {
    r.next = tag;
    r.tp = tp;
    r.left = left;
    r.count = count;
  }
  stepTag(r);
  return v;
}
