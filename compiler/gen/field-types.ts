/**
 * Per-scalar facts for the generator: TypeScript type, default value and the runtime
 * helpers that write and read a field of the kind.
 */
import type { FieldModel, ScalarKind } from "../model.ts";
import type { GenContext } from "./context.ts";

/** How one scalar kind is generated: its TypeScript type, default and runtime helpers. */
export interface ScalarInfo {
  /** TypeScript type of a value. */
  readonly ts: string;
  /** Literal of the zproto default. */
  readonly zero: string;
  /** Runtime field writer (`field-write.ts`): `(w, tag, value, name)`. */
  readonly field: string;
  /** Runtime array-field writer (`array-write.ts`): `(w, tag, values, name)`. */
  readonly array: string;
  /** Runtime field reader (`field-read.ts`): `(r, end, tag)`, `undefined` when absent. */
  readonly read: string;
  /** Runtime array-field reader (`field-read.ts`): `(r, end, tag)`, `undefined` when absent. */
  readonly readArray: string;
}

/** Helper-name stem and TypeScript facts of each kind (int64 kinds depend on `--int64`). */
const KINDS: Record<Exclude<ScalarKind, "int64" | "uint64">, { stem: string; ts: string; zero: string }> = {
  boolean: { stem: "Bool", ts: "boolean", zero: "false" },
  int8: { stem: "I8", ts: "number", zero: "0" },
  uint8: { stem: "U8", ts: "number", zero: "0" },
  int16: { stem: "I16", ts: "number", zero: "0" },
  uint16: { stem: "U16", ts: "number", zero: "0" },
  int32: { stem: "I32", ts: "number", zero: "0" },
  uint32: { stem: "U32", ts: "number", zero: "0" },
  float: { stem: "F32", ts: "number", zero: "0" },
  string: { stem: "String", ts: "string", zero: '""' },
  blob: { stem: "Blob", ts: "Uint8Array", zero: "new Uint8Array(0)" },
};

/** The generation facts of scalar kind `kind` (helper names are not yet imported: see `GeneratedFile.runtime`). */
export function scalarInfo(kind: ScalarKind, ctx: GenContext): ScalarInfo {
  if (kind === "int64" || kind === "uint64") {
    const big = ctx.options.int64 === "bigint";
    const stem = `${kind === "int64" ? "I64" : "U64"}${big ? "Big" : "Num"}`;
    return { ts: big ? "bigint" : "number", zero: big ? "0n" : "0", ...helpers(stem) };
  }
  const k = KINDS[kind];
  return { ts: k.ts, zero: k.zero, ...helpers(k.stem) };
}

function helpers(stem: string): Pick<ScalarInfo, "field" | "array" | "read" | "readArray"> {
  return { field: `field${stem}`, array: `array${stem}`, read: `read${stem}At`, readArray: `read${stem}ArrayAt` };
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
