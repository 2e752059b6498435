/**
 * Emits the body of a struct's encode function: it opens the struct (`beginStruct` checks
 * the value is an object and reserves the header and the tag-delta table) and makes one
 * runtime call per field, which skips an absent value, validates a present one, fills its
 * tag slot and writes it (`runtime/zproto/field-write.ts`, `array-write.ts`; small
 * enough for the JIT to inline). One line per field keeps large schemas quick to format.
 */
import type { FieldModel, StructModel } from "../model.ts";
import type { GenContext } from "./context.ts";
import { scalarInfo } from "./field-types.ts";
import { readField } from "./names.ts";

function q(s: string): string {
  return JSON.stringify(s);
}

/** The call that writes field `f` (the expression `x`; the writer skips an absent value). */
function fieldCall(f: FieldModel, x: string, ctx: GenContext): string {
  const rt = ctx.file;
  const args = `w, ${f.tag}, ${x}`;
  const name = q(f.name);
  if (f.type.kind === "struct") {
    const fn = ctx.names(f.type.struct).encode;
    if (f.shape === "single") return `${rt.runtime("fieldStruct")}(${args}, ${fn}, ${name});`;
    if (f.shape === "array") return `${rt.runtime("arrayStruct")}(${args}, ${fn}, ${name});`;
    return `${rt.runtime("mapStruct")}(${args}, ${fn}, ${name}, ${q(f.mapKey ?? "")});`;
  }
  const info = scalarInfo(f.type.scalar, ctx);
  return `${rt.runtime(f.shape === "single" ? info.field : info.array)}(${args}, ${name});`;
}

/**
 * The statements of `function $encodeX(w: Writer, v: X): void`: `beginStruct` reserves a
 * tag slot for every declared field and `endStruct` closes the gap left by absent ones.
 */
export function encodeBody(s: StructModel, ctx: GenContext): string {
  const rt = ctx.file;
  const fields = s.fields;
  const count = fields.length;
  const base = count === 0 ? 0 : fields[0]!.tag;
  const lines: string[] = [`const start = ${rt.runtime("beginStruct")}(w, v, ${q(s.qualifiedName)}, ${count}, ${base});`];
  for (const f of fields) lines.push(fieldCall(f, readField("v", f.name), ctx));
  lines.push(`${rt.runtime("endStruct")}(w, start, ${count});`);
  return lines.join("\n");
}
