/**
 * Conversion between codec values and the JSON convention of the conformance vectors and
 * of `clusterc encode/decode`: 64-bit integers as decimal strings, floats JSON cannot hold
 * as "inf", "-inf", "nan", "-0", blobs as `{"hex": "…"}`, maps as arrays of elements.
 *
 * These walk a schema description at run time (they are for tools, not the hot path). The
 * description is structural: the compiler's `SchemaModel` satisfies it.
 */
import { DecodeError, EncodeError, type EncodeErrorCode, type PathSegment } from "./errors.ts";

/** The scalar kinds of zproto (same spelling as the compiler model). */
export type JsonScalarKind =
  | "boolean"
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "int64"
  | "uint64"
  | "float"
  | "string"
  | "blob";

/** What the converters need to know about a field. */
export interface JsonFieldInfo {
  readonly name: string;
  readonly type: { readonly kind: "scalar"; readonly scalar: JsonScalarKind } | { readonly kind: "struct"; readonly struct: string };
  readonly shape: "single" | "array" | "map";
}

/** What the converters need to know about a struct. */
export interface JsonStructInfo {
  readonly qualifiedName: string;
  readonly fields: readonly JsonFieldInfo[];
}

/** What the converters need to know about a schema. */
export interface JsonSchemaInfo {
  readonly structs: readonly JsonStructInfo[];
}

/** Options of the JSON converters. */
export interface JsonConvertOptions {
  /** How 64-bit integers are represented in codec values (matches the generator's `--int64`). */
  readonly int64?: "bigint" | "number";
}

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type Value = unknown;

function findStruct(schema: JsonSchemaInfo, name: string): JsonStructInfo {
  const s = schema.structs.find((x) => x.qualifiedName === name);
  if (s === undefined) throw new EncodeError("unknown-struct", `no struct named '${name}' in the schema`);
  return s;
}

function fail(path: PathSegment[], detail: string, code: EncodeErrorCode = "invalid-value"): EncodeError {
  return new EncodeError(code, detail, [...path]);
}

function isPlainObject(x: unknown): x is { [key: string]: unknown } {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Uint8Array);
}

function hexToBytes(hex: string, path: PathSegment[]): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw fail(path, `invalid hex string`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/** Bytes of a hex string (whitespace ignored); throws DecodeError for invalid hex. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, "");
  const bad = clean.search(/[^0-9a-fA-F]/);
  if (bad >= 0) throw new DecodeError("invalid-hex", `invalid hex digit '${clean[bad] ?? ""}'`, bad >> 1);
  if (clean.length % 2 !== 0) throw new DecodeError("invalid-hex", "hex string has an odd number of digits", clean.length >> 1);
  return hexToBytes(clean, []);
}

function scalarFromJson(kind: JsonScalarKind, j: unknown, path: PathSegment[], opts: JsonConvertOptions): Value {
  switch (kind) {
    case "int64":
    case "uint64": {
      let big: bigint;
      if (typeof j === "string" && /^-?[0-9]+$/.test(j)) big = BigInt(j);
      else if (typeof j === "number" && Number.isSafeInteger(j)) big = BigInt(j);
      else throw fail(path, `expected a 64-bit integer as a decimal string, got ${JSON.stringify(j)}`);
      return opts.int64 === "number" ? Number(big) : big;
    }
    case "float":
      if (typeof j === "number") return j;
      if (j === "inf") return Infinity;
      if (j === "-inf") return -Infinity;
      if (j === "nan") return NaN;
      if (j === "-0") return -0;
      throw fail(path, `expected a float (number, "inf", "-inf", "nan" or "-0"), got ${JSON.stringify(j)}`);
    case "blob":
      if (isPlainObject(j) && typeof j["hex"] === "string") return hexToBytes(j["hex"], path);
      throw fail(path, `expected a blob as {"hex": "…"}, got ${JSON.stringify(j)}`);
    default:
      // Other scalars pass through; the codec validates type and range.
      return j;
  }
}

function elementFromJson(schema: JsonSchemaInfo, f: JsonFieldInfo, j: unknown, path: PathSegment[], opts: JsonConvertOptions): Value {
  return f.type.kind === "struct"
    ? structFromJson(schema, findStruct(schema, f.type.struct), j, path, opts)
    : scalarFromJson(f.type.scalar, j, path, opts);
}

function structFromJson(schema: JsonSchemaInfo, s: JsonStructInfo, j: unknown, path: PathSegment[], opts: JsonConvertOptions): Value {
  if (!isPlainObject(j)) throw fail(path, `expected an object for struct '${s.qualifiedName}'`);
  const out: { [key: string]: unknown } = {};
  for (const key of Object.keys(j)) {
    if (!s.fields.some((f) => f.name === key)) throw fail([...path, key], `unknown field of struct '${s.qualifiedName}'`, "unknown-field");
  }
  for (const f of s.fields) {
    const v = Object.hasOwn(j, f.name) ? j[f.name] : undefined;
    if (v === undefined || v === null) continue;
    const fp = [...path, f.name];
    if (f.shape === "single") out[f.name] = elementFromJson(schema, f, v, fp, opts);
    else {
      if (!Array.isArray(v)) throw fail(fp, "expected an array");
      out[f.name] = v.map((e: unknown, i) => elementFromJson(schema, f, e, [...fp, i], opts));
    }
  }
  return out;
}

/** Converts a JSON value (the conformance convention) into a codec value of struct `struct`. */
export function fromJsonValue(schema: JsonSchemaInfo, struct: string, json: unknown, options: JsonConvertOptions = {}): unknown {
  return structFromJson(schema, findStruct(schema, struct), json, [], options);
}

function scalarToJson(kind: JsonScalarKind, v: unknown): JsonValue {
  switch (kind) {
    case "int64":
    case "uint64":
      return typeof v === "bigint" || typeof v === "number" ? String(v) : null;
    case "float":
      if (typeof v !== "number") return null;
      if (v !== v) return "nan";
      if (v === Infinity) return "inf";
      if (v === -Infinity) return "-inf";
      if (Object.is(v, -0)) return "-0";
      return v;
    case "blob":
      return v instanceof Uint8Array ? { hex: toHex(v) } : null;
    default:
      return v as JsonValue;
  }
}

function elementToJson(schema: JsonSchemaInfo, f: JsonFieldInfo, v: unknown): JsonValue {
  return f.type.kind === "struct" ? structToJson(schema, findStruct(schema, f.type.struct), v) : scalarToJson(f.type.scalar, v);
}

function structToJson(schema: JsonSchemaInfo, s: JsonStructInfo, v: unknown): JsonValue {
  const out: { [key: string]: JsonValue } = {};
  if (!isPlainObject(v)) return out;
  for (const f of s.fields) {
    const x = Object.hasOwn(v, f.name) ? v[f.name] : undefined;
    if (x === undefined) continue;
    out[f.name] = f.shape === "single" ? elementToJson(schema, f, x) : (x as unknown[]).map((e) => elementToJson(schema, f, e));
  }
  return out;
}

/** Converts a decoded codec value of struct `struct` to the JSON convention (keys in schema order). */
export function toJsonValue(schema: JsonSchemaInfo, struct: string, value: unknown): JsonValue {
  return structToJson(schema, findStruct(schema, struct), value);
}
