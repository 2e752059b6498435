/** Doc-comment text for generated symbols, naming the schema element they come from. */
import type { FieldModel, StructModel } from "../model.ts";
import type { GenContext } from "./context.ts";
import { fieldSpelling } from "./field-types.ts";

function hex(n: number): string {
  return `0x${n.toString(16).padStart(2, "0")}`;
}

/** ``zproto struct `add` (protocol tag 0x01), schemas/calc.zp:1`` plus the schema's own comment. */
export function structDoc(s: StructModel, ctx: GenContext, suffix = ""): string {
  const tag = s.protocolTag !== 0 ? ` (protocol tag ${hex(s.protocolTag)})` : "";
  const head = `zproto struct \`${s.qualifiedName}\`${tag}, ${ctx.where(s.loc)}${suffix}`;
  return s.doc !== undefined && s.doc !== "" ? `${head}\n\n${escapeDoc(s.doc)}` : head;
}

/** ```integer`, tag 1`` plus the schema's own comment (the struct's doc has the location). */
export function fieldDoc(f: FieldModel): string {
  const map = f.shape === "map" ? ` — a map keyed by \`${f.mapKey ?? ""}\`, as an array of elements (repeated keys: the last wins on decode)` : "";
  const head = `\`${fieldSpelling(f)}\`, tag ${f.tag}${map}`;
  return f.doc !== undefined && f.doc !== "" ? `${head}\n\n${escapeDoc(f.doc)}` : head;
}

/** Makes schema comment text safe inside a JSDoc block. */
export function escapeDoc(text: string): string {
  return text.replace(/\*\//g, "*\\/");
}

/** Protocol tag as hex literal text (`0x01`). */
export function tagLiteral(n: number): string {
  return hex(n);
}
