/**
 * Per-scalar facts for the generator: TypeScript type, encode check, write/read primitive,
 * default value and minimum wire size.
 */
import type { FieldModel, ScalarKind } from "../model.ts";
import type { GenContext } from "./context.ts";

/** How one scalar kind is generated. */
export interface ScalarInfo {
  /** TypeScript type of a value. */
  readonly ts: string;
  /** Name used in error messages (`int32`, `a string`, …). */
  readonly expected: string;
  /** Boolean expression that is true when `x` is a valid value (`x` is an identifier). */
  check(x: string, ctx: GenContext): string;
  /** Runtime writer function name. */
  readonly write: string;
  /** Runtime reader function name. */
  readonly read: string;
  /** Literal of the zproto default. */
  readonly zero: string;
  /** Bytes one value takes at least on the wire. */
  readonly minSize: number;
}

function int64Info(kind: "int64" | "uint64", ctx: GenContext): ScalarInfo {
  const big = ctx.options.int64 === "bigint";
  const f = ctx.file;
  return {
    ts: big ? "bigint" : "number",
    expected: big ? `${kind} (bigint)` : `${kind} (safe integer)`,
    check: (x) =>
      big
        ? `${f.runtime(kind === "int64" ? "isInt64" : "isUint64")}(${x})`
        : `${f.runtime(kind === "int64" ? "isSafeInt64" : "isSafeUint64")}(${x})`,
    write: f.runtime(big ? "writeI64Big" : "writeI64Number"),
    read: f.runtime(big ? (kind === "int64" ? "readI64Big" : "readU64Big") : kind === "int64" ? "readI64Number" : "readU64Number"),
    zero: big ? "0n" : "0",
    minSize: 8,
  };
}

function intInfo(expected: string, check: (x: string) => string, write: string, read: string, size: number, ctx: GenContext): ScalarInfo {
  return {
    ts: "number",
    expected,
    check,
    write: ctx.file.runtime(write),
    read: ctx.file.runtime(read),
    zero: "0",
    minSize: size,
  };
}

/** The generation facts of scalar kind `kind`. */
export function scalarInfo(kind: ScalarKind, ctx: GenContext): ScalarInfo {
  const f = ctx.file;
  switch (kind) {
    case "boolean":
      return { ts: "boolean", expected: "a boolean", check: (x) => `typeof ${x} === "boolean"`, write: f.runtime("writeBool"), read: f.runtime("readBool"), zero: "false", minSize: 1 };
    case "int8":
      return intInfo("int8", (x) => `(${x} << 24) >> 24 === ${x}`, "writeU8", "readI8", 1, ctx);
    case "uint8":
      return intInfo("uint8", (x) => `(${x} & 0xff) === ${x}`, "writeU8", "readU8", 1, ctx);
    case "int16":
      return intInfo("int16", (x) => `(${x} << 16) >> 16 === ${x}`, "writeU16", "readI16", 2, ctx);
    case "uint16":
      return intInfo("uint16", (x) => `(${x} & 0xffff) === ${x}`, "writeU16", "readU16", 2, ctx);
    case "int32":
      return intInfo("int32", (x) => `(${x} | 0) === ${x}`, "writeU32", "readI32", 4, ctx);
    case "uint32":
      return intInfo("uint32", (x) => `${x} >>> 0 === ${x}`, "writeU32", "readU32", 4, ctx);
    case "int64":
    case "uint64":
      return int64Info(kind, ctx);
    case "float":
      return { ts: "number", expected: "a number", check: (x) => `typeof ${x} === "number"`, write: f.runtime("writeF32"), read: f.runtime("readF32"), zero: "0", minSize: 4 };
    case "string":
      return { ts: "string", expected: "a string", check: (x) => `typeof ${x} === "string"`, write: f.runtime("writeString"), read: f.runtime("readString"), zero: '""', minSize: 4 };
    case "blob":
      return { ts: "Uint8Array", expected: "a Uint8Array", check: (x) => `${x} instanceof Uint8Array`, write: f.runtime("writeBlob"), read: f.runtime("readBlob"), zero: "new Uint8Array(0)", minSize: 4 };
  }
}

/** TypeScript type of one element of `field` (its scalar type or its struct's type name). */
export function elementType(field: FieldModel, ctx: GenContext): string {
  return field.type.kind === "struct" ? ctx.names(field.type.struct).type : scalarInfo(field.type.scalar, ctx).ts;
}

/** TypeScript type of the field's value (arrays and maps are arrays of elements). */
export function fieldTsType(field: FieldModel, ctx: GenContext): string {
  const el = elementType(field, ctx);
  return field.shape === "single" ? el : `${el}[]`;
}

/** Schema spelling of a field's type for doc comments: `integer`, `pair[]`, `entry[id]`. */
export function fieldSpelling(field: FieldModel): string {
  const base = field.type.kind === "struct" ? field.type.struct.split(".").pop()! : field.type.spelling;
  if (field.shape === "array") return `${base}[]`;
  if (field.shape === "map") return `${base}[${field.mapKey ?? ""}]`;
  return base;
}
