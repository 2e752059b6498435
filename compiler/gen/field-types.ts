/**
 * Per-scalar facts for the generator: TypeScript type, default value and the runtime
 * helpers that write and read a field of the kind.
 */
import type { FieldModel, ScalarKind } from "../model/schema-model.ts";
import type { GenContext } from "./context.ts";

/** How one scalar kind is generated: its TypeScript type, default and runtime helpers. */
export interface ScalarInfo {
  /** TypeScript type of a value. */
  readonly ts: string;
  /** Runtime field writer (`field-write.ts`): `(w, tag, value, name)`. */
  readonly field: string;
  /** Runtime array-field writer (`array-write.ts`): `(w, tag, values, name)`. */
  readonly array: string;
  /** Runtime reader of one value (`reader.ts`): `(r, end)`. */
  readonly read: string;
  /** Runtime array reader (`array-read.ts`): `(r, end)`, `undefined` for an absent array. */
  readonly readArray: string;
  /** The kind's code in a field-table spec (`partial.ts`). */
  readonly code: string;
}

/** Helper-name stem and TypeScript facts of each kind (int64 kinds depend on `--int64`). */
const KINDS: Record<Exclude<ScalarKind, "int64" | "uint64">, { stem: string; code: string; ts: string }> = {
  boolean: { stem: "Bool", code: "bool", ts: "boolean" },
  int8: { stem: "I8", code: "i8", ts: "number" },
  uint8: { stem: "U8", code: "u8", ts: "number" },
  int16: { stem: "I16", code: "i16", ts: "number" },
  uint16: { stem: "U16", code: "u16", ts: "number" },
  int32: { stem: "I32", code: "i32", ts: "number" },
  uint32: { stem: "U32", code: "u32", ts: "number" },
  float: { stem: "F32", code: "f32", ts: "number" },
  string: { stem: "String", code: "str", ts: "string" },
  blob: { stem: "Blob", code: "blob", ts: "Uint8Array" },
};

/** TypeScript type of one value of scalar kind `kind` (`int64`/`uint64`: `bigint`, or `number` with `--int64 number`). */
export function scalarTsType(kind: ScalarKind, int64: "bigint" | "number"): string {
  if (kind === "int64" || kind === "uint64") return int64;
  return KINDS[kind].ts;
}

/** The generation facts of scalar kind `kind` (helper names are not yet imported: see `GeneratedFile.runtime`). */
export function scalarInfo(kind: ScalarKind, ctx: GenContext): ScalarInfo {
  if (kind === "int64" || kind === "uint64") {
    const big = ctx.options.int64 === "bigint";
    const sign = kind === "int64" ? "I64" : "U64";
    const stem = `${sign}${big ? "Big" : "Num"}`;
    return {
      ts: scalarTsType(kind, ctx.options.int64),
      field: `field${stem}`,
      array: `array${stem}`,
      read: `read${sign}${big ? "Big" : "Number"}`,
      readArray: `read${stem}Array`,
      code: `${sign.toLowerCase()}${big ? "b" : "n"}`,
    };
  }
  const k = KINDS[kind];
  return {
    ts: k.ts,
    field: `field${k.stem}`,
    array: `array${k.stem}`,
    read: `read${k.stem}`,
    readArray: `read${k.stem}Array`,
    code: k.code,
  };
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
