/**
 * Field writers of generated encoders: one call per field, which skips an absent value
 * (`undefined` or `null`), validates a present one, fills the field's slot in the struct's
 * tag-delta table (the writer's `tp`/`tag` state set by `beginStruct`) and appends the
 * value. Each is small and monomorphic, so the JIT inlines it into the generated encoder;
 * generated code stays one line per field. An invalid value throws an `EncodeError` that
 * knows the field's tag; the struct's table names the field (`errors.ts`). Arrays and
 * nested structs are in `array-write.ts`.
 */
import { invalidField } from "./errors.ts";
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

/** Fills the next tag-delta slot for field `tag` (the table was reserved by `beginStruct`). */
export function putTag(w: Writer, tag: number): void {
  const d = tag - w.tag - 1;
  const b = w.buf;
  const p = w.tp;
  b[p] = d;
  b[p + 1] = d >>> 8;
  w.tp = p + 2;
  w.tag = tag;
}

/** Field of type `boolean`. */
export function fieldBool(w: Writer, tag: number, x: boolean | null | undefined): void {
  if (x == null) return;
  if (typeof x !== "boolean") throw invalidField(tag, "a boolean", x);
  putTag(w, tag);
  if (w.pos + 1 > w.buf.length) grow(w, 1);
  w.buf[w.pos++] = x ? 1 : 0;
}

/** Field of type `byte` (int8). */
export function fieldI8(w: Writer, tag: number, x: number | null | undefined): void {
  if (x == null) return;
  if (typeof x !== "number" || (x << 24) >> 24 !== x) throw invalidField(tag, "int8", x);
  putTag(w, tag);
  if (w.pos + 1 > w.buf.length) grow(w, 1);
  w.buf[w.pos++] = x;
}

/** Field of type `ubyte` (uint8). */
export function fieldU8(w: Writer, tag: number, x: number | null | undefined): void {
  if (x == null) return;
  if (typeof x !== "number" || (x & 0xff) !== x) throw invalidField(tag, "uint8", x);
  putTag(w, tag);
  if (w.pos + 1 > w.buf.length) grow(w, 1);
  w.buf[w.pos++] = x;
}

/** Field of type `short` (int16). */
export function fieldI16(w: Writer, tag: number, x: number | null | undefined): void {
  if (x == null) return;
  if (typeof x !== "number" || (x << 16) >> 16 !== x) throw invalidField(tag, "int16", x);
  putTag(w, tag);
  writeU16(w, x);
}

/** Field of type `ushort` (uint16). */
export function fieldU16(w: Writer, tag: number, x: number | null | undefined): void {
  if (x == null) return;
  if (typeof x !== "number" || (x & 0xffff) !== x) throw invalidField(tag, "uint16", x);
  putTag(w, tag);
  writeU16(w, x);
}

/** Field of type `int32` / `integer`. */
export function fieldI32(w: Writer, tag: number, x: number | null | undefined): void {
  if (x == null) return;
  if (typeof x !== "number" || (x | 0) !== x) throw invalidField(tag, "int32", x);
  putTag(w, tag);
  writeU32(w, x);
}

/** Field of type `uint32` / `uinteger`. */
export function fieldU32(w: Writer, tag: number, x: number | null | undefined): void {
  if (x == null) return;
  if (typeof x !== "number" || x >>> 0 !== x) throw invalidField(tag, "uint32", x);
  putTag(w, tag);
  writeU32(w, x);
}

/** Field of type `float` (binary32). */
export function fieldF32(w: Writer, tag: number, x: number | null | undefined): void {
  if (x == null) return;
  if (typeof x !== "number") throw invalidField(tag, "a number", x);
  putTag(w, tag);
  writeF32(w, x);
}

/** Field of type `int64` as a bigint. */
export function fieldI64Big(w: Writer, tag: number, x: bigint | null | undefined): void {
  if (x == null) return;
  if (!isInt64(x)) throw invalidField(tag, "int64 (bigint)", x);
  putTag(w, tag);
  writeI64Big(w, x);
}

/** Field of type `uint64` as a bigint. */
export function fieldU64Big(w: Writer, tag: number, x: bigint | null | undefined): void {
  if (x == null) return;
  if (!isUint64(x)) throw invalidField(tag, "uint64 (bigint)", x);
  putTag(w, tag);
  writeI64Big(w, x);
}

/** Field of type `int64` as a safe integer (`--int64 number`). */
export function fieldI64Num(w: Writer, tag: number, x: number | null | undefined): void {
  if (x == null) return;
  if (!isSafeInt64(x)) throw invalidField(tag, "int64 (safe integer)", x);
  putTag(w, tag);
  writeI64Number(w, x);
}

/** Field of type `uint64` as a safe integer (`--int64 number`). */
export function fieldU64Num(w: Writer, tag: number, x: number | null | undefined): void {
  if (x == null) return;
  if (!isSafeUint64(x)) throw invalidField(tag, "uint64 (safe integer)", x);
  putTag(w, tag);
  writeI64Number(w, x);
}

/** Field of type `string` (UTF-8). */
export function fieldString(w: Writer, tag: number, x: string | null | undefined): void {
  if (x == null) return;
  if (typeof x !== "string") throw invalidField(tag, "a string", x);
  putTag(w, tag);
  writeString(w, x);
}

/** Field of type `blob`. */
export function fieldBlob(w: Writer, tag: number, x: Uint8Array | null | undefined): void {
  if (x == null) return;
  if (!(x instanceof Uint8Array)) throw invalidField(tag, "a Uint8Array", x);
  putTag(w, tag);
  writeBlob(w, x);
}
