/**
 * The general decode path of a struct. A generated decoder reads its fields straight into
 * one object literal when every declared field is present in order (`Reader.full`, the
 * common case); any other struct — fields absent, an unknown tag, sparse tags, or a failed
 * decode repeated to name the failing field — goes through {@link readPartial}, driven by
 * the struct's {@link FieldTable}. It walks the tag table: a tag the struct does not
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
  type StructReader,
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
interface TableField {
  readonly tag: number;
  readonly name: string;
  readonly read: FieldValueReader;
}

/** How {@link readPartial} decodes a struct `T` (made once per struct by {@link fieldTable}). */
export interface FieldTable<T> {
  /** Tag of the first declared field (the base of the tag deltas). */
  readonly base: number;
  /** Declared fields in ascending tag order. */
  readonly fields: readonly TableField[];
  /** Never set: ties the table to the struct type it decodes. */
  readonly type?: T;
}

/** Scalar kind codes of a field-table spec and how a value of each is read. */
const SCALARS: Readonly<Record<string, readonly [(r: Reader, end: number) => unknown, (r: Reader, end: number) => unknown]>> = {
  bool: [readBool, readBoolArray],
  i8: [readI8, readI8Array],
  u8: [readU8, readU8Array],
  i16: [readI16, readI16Array],
  u16: [readU16, readU16Array],
  i32: [readI32, readI32Array],
  u32: [readU32, readU32Array],
  f32: [readF32, readF32Array],
  i64b: [readI64Big, readI64BigArray],
  u64b: [readU64Big, readU64BigArray],
  i64n: [readI64Number, readI64NumArray],
  u64n: [readU64Number, readU64NumArray],
  str: [readString, readStringArray],
  blob: [readBlob, readBlobArray],
};

/** The value reader of field kind `kind` (see {@link fieldTable}). */
function valueReader(kind: string, structs: readonly StructReader<unknown>[]): FieldValueReader {
  const array = kind.endsWith("[]");
  const map = /^@(\d+)\{(.+)\}$/.exec(kind);
  if (kind.startsWith("@")) {
    const read = structs[Number((map?.[1] ?? kind.slice(1)).replace("[]", ""))];
    if (read === undefined) throw new TypeError(`field table: no struct reader for ${kind}`);
    if (map !== null) {
      const key = map[2] as string;
      return (r, end, depth) => readStructMap(r, end, depth + 1, read, key);
    }
    return array ? (r, end, depth) => readStructArray(r, end, depth + 1, read) : (r, end, depth) => read(r, end, depth + 1);
  }
  const pair = SCALARS[array ? kind.slice(0, -2) : kind];
  if (pair === undefined) throw new TypeError(`field table: unknown kind ${kind}`);
  const read = pair[array ? 1 : 0];
  return (r, end) => read(r, end);
}

/**
 * Generated code: the field table of a struct `T` from `spec`, its declared fields as
 * space-separated `tag name kind` triples in ascending tag order. A kind is a scalar code
 * (`bool`, `i8`, `u8`, `i16`, `u16`, `i32`, `u32`, `f32`, `i64b`/`u64b` for bigints,
 * `i64n`/`u64n` for safe integers, `str`, `blob`), optionally with `[]` for an array; or
 * `@k` for a struct decoded by `structs[k]`, `@k[]` for an array of them and `@k{key}` for
 * a map keyed by field `key`.
 */
export function fieldTable<T>(spec: string, ...structs: StructReader<unknown>[]): FieldTable<T> {
  const words = spec.split(" ");
  const fields: TableField[] = [];
  for (let i = 0; i + 2 < words.length; i += 3) {
    fields.push({ tag: Number(words[i]), name: words[i + 1] as string, read: valueReader(words[i + 2] as string, structs) });
  }
  return { base: fields[0]?.tag ?? 0, fields };
}

/**
 * Generated code: decodes the struct opened with `beginRead` (ending at `end`, at nesting
 * `depth`) field by field through its table, and moves `r.pos` to its end.
 */
export function readPartial<T>(r: Reader, end: number, depth: number, table: FieldTable<T>): T {
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
