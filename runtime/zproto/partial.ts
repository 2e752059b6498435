/**
 * The general decode path of a struct and its defaults, driven by its declared fields (a
 * struct table's `fields`, see `struct-table.ts`). {@link readPartial} decodes any struct
 * the fast path does not — fields absent, an unknown tag, sparse tags, or a failed decode
 * repeated to name the failing field. It walks the tag table: a tag the struct does not
 * declare stops decoding of the struct (zproto's rule), absent fields stay absent keys, and
 * a failure is attributed to the field being read.
 */
import { atField } from "./errors.ts";
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
  type StructSource,
} from "./array-read.ts";
import {
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
  type Reader,
} from "./reader.ts";

/** Reads one field's value at `r.pos` inside a struct ending at `end`, at nesting `depth`. */
type FieldValueReader = (r: Reader, end: number, depth: number) => unknown;

/** One declared field. */
export interface TableField {
  readonly tag: number;
  readonly name: string;
  readonly read: FieldValueReader;
  /** Its zproto default (a fresh value each call, see {@link createDefault}). */
  readonly zero: () => unknown;
}

/** A struct's declared fields: what {@link readPartial} and {@link createDefault} need. */
export interface DeclaredFields {
  /** Tag of the first declared field (the base of the tag deltas). */
  readonly base: number;
  /** Declared fields in ascending tag order. */
  readonly fields: readonly TableField[];
}

/** A nested struct as its enclosing struct's fields see it: its fields and its decoder. */
export type NestedStruct = DeclaredFields & StructSource<unknown>;

/** Scalar kind codes of a field-table spec: how a value of each is read, and its default. */
const SCALARS: Readonly<
  Record<string, readonly [(r: Reader, end: number) => unknown, (r: Reader, end: number) => unknown, () => unknown]>
> = {
  bool: [readBool, readBoolArray, () => false],
  i8: [readI8, readI8Array, () => 0],
  u8: [readU8, readU8Array, () => 0],
  i16: [readI16, readI16Array, () => 0],
  u16: [readU16, readU16Array, () => 0],
  i32: [readI32, readI32Array, () => 0],
  u32: [readU32, readU32Array, () => 0],
  f32: [readF32, readF32Array, () => 0],
  i64b: [readI64Big, readI64BigArray, () => 0n],
  u64b: [readU64Big, readU64BigArray, () => 0n],
  i64n: [readI64Number, readI64NumArray, () => 0],
  u64n: [readU64Number, readU64NumArray, () => 0],
  str: [readString, readStringArray, () => ""],
  blob: [readBlob, readBlobArray, () => new Uint8Array(0)],
};

/** The reader and default of a field of kind `kind` (see {@link parseFields}). */
function fieldKind(kind: string, nested: readonly NestedStruct[]): Pick<TableField, "read" | "zero"> {
  const array = kind.endsWith("[]");
  const map = /^@(\d+)\{(.+)\}$/.exec(kind);
  if (kind.startsWith("@")) {
    const table = nested[Number((map?.[1] ?? kind.slice(1)).replace("[]", ""))];
    if (table === undefined) throw new TypeError(`field table: no nested table for ${kind}`);
    if (map !== null) {
      const key = map[2] as string;
      return { read: (r, end, depth) => readStructMap(r, end, depth + 1, table, key), zero: () => [] };
    }
    if (array) return { read: (r, end, depth) => readStructArray(r, end, depth + 1, table), zero: () => [] };
    return { read: (r, end, depth) => table.decode(r, end, depth + 1), zero: () => createDefault(table) };
  }
  const scalar = SCALARS[array ? kind.slice(0, -2) : kind];
  if (scalar === undefined) throw new TypeError(`field table: unknown kind ${kind}`);
  const read = scalar[array ? 1 : 0];
  return { read: (r, end) => read(r, end), zero: array ? () => [] : scalar[2] };
}

/**
 * The declared fields of `spec`: space-separated `tag name kind` triples in ascending tag
 * order. A kind is a scalar code (`bool`, `i8`, `u8`, `i16`, `u16`, `i32`, `u32`, `f32`,
 * `i64b`/`u64b` for bigints, `i64n`/`u64n` for safe integers, `str`, `blob`), optionally
 * with `[]` for an array; or `@k` for a struct described by `nested[k]`, `@k[]` for an
 * array of them and `@k{key}` for a map keyed by field `key`.
 */
export function parseFields(spec: string, nested: readonly NestedStruct[]): DeclaredFields {
  const words = spec === "" ? [] : spec.split(" ");
  const fields: TableField[] = [];
  for (let i = 0; i + 2 < words.length; i += 3) {
    fields.push({ tag: Number(words[i]), name: words[i + 1] as string, ...fieldKind(words[i + 2] as string, nested) });
  }
  return { base: fields[0]?.tag ?? 0, fields };
}

/**
 * A `T` with every field at its zproto default: false, 0, 0n, "", an empty Uint8Array, []
 * for arrays and maps, and a nested struct's own defaults (recursively; zproto has no self
 * references, so this terminates).
 */
export function createDefault<T>(table: DeclaredFields): T {
  const out: Record<string, unknown> = {};
  for (const f of table.fields) out[f.name] = f.zero();
  return out as T;
}

/**
 * Decodes the struct opened with `beginRead` (ending at `end`, at nesting `depth`) field
 * by field through its declared fields, and moves `r.pos` to its end (a struct table's
 * `decode` calls it for every struct the fast path does not take).
 */
export function readPartial<T>(r: Reader, end: number, depth: number, table: DeclaredFields): T {
  const out: Record<string, unknown> = {};
  const fields = table.fields;
  const view = r.view;
  const n = r.count;
  let tp = r.tags;
  let tag = table.base - 1;
  let k = 0;
  for (let i = 0; i < n; i++, tp += 2) {
    tag += view.getUint16(tp, true) + 1;
    while (k < fields.length && (fields[k] as TableField).tag < tag) k++;
    const field = fields[k];
    if (field === undefined || field.tag !== tag) break;
    k++;
    let value: unknown;
    try {
      value = field.read(r, end, depth);
    } catch (err) {
      throw atField(err, field.name);
    }
    if (value !== undefined) out[field.name] = value;
  }
  r.pos = end;
  return out as T;
}
