/**
 * Emits the body of a struct's encode function: one runtime call per field, which skips an
 * absent value, validates a present one, fills its tag slot and writes it
 * (`runtime/zproto/field-write.ts`, `array-write.ts`; small enough for the JIT to inline).
 * The struct's table (`runtime/zproto/struct-table.ts`) does the rest: it checks the value
 * is an object, reserves the header and tag table before the body and closes the struct
 * after it, and names the field of a failure (the writers know only its tag). Nested
 * structs are written through their tables. One short line per field keeps large schemas
 * quick to format.
 */
import type { FieldModel, StructModel } from "../model/schema-model.ts";
import type { GenContext } from "./context.ts";
import { scalarInfo } from "./field-types.ts";
import { readField } from "./names.ts";

function q(s: string): string {
  return JSON.stringify(s);
}

/** The call that writes field `f` (the expression `x`; the writer skips an absent value). */
function fieldCall(f: FieldModel, x: string, ctx: GenContext, tables: (struct: string) => string): string {
  const rt = ctx.file;
  const args = `w, ${f.tag}, ${x}`;
  if (f.type.kind === "struct") {
    const table = tables(f.type.struct);
    if (f.shape === "single") return `${rt.runtime("fieldStruct")}(${args}, ${table});`;
    if (f.shape === "array") return `${rt.runtime("arrayStruct")}(${args}, ${table});`;
    return `${rt.runtime("mapStruct")}(${args}, ${table}, ${q(ctx.member(f.mapKey ?? ""))});`;
  }
  const info = scalarInfo(f.type.scalar, ctx);
  return `${rt.runtime(f.shape === "single" ? info.field : info.array)}(${args});`;
}

/** The statements of `function $encodeX(w: Writer, v: X): void`; `tables` names field tables. */
export function encodeBody(s: StructModel, ctx: GenContext, tables: (struct: string) => string): string {
  return s.fields.map((f) => fieldCall(f, readField("v", ctx.member(f.name)), ctx, tables)).join("\n");
}
