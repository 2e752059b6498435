/** Doc-comment text for generated symbols, naming the schema element they come from. */
import type { FieldModel, StructModel } from "../model/schema-model.ts";
import type { GenContext } from "./context.ts";
import { fieldSpelling } from "../model/field-spelling.ts";
import { scalarInfo } from "./field-types.ts";

function hex(n: number): string {
  return `0x${n.toString(16).padStart(2, "0")}`;
}

/** ``zproto struct `add` (protocol tag 0x01), schemas/calc.zp:1`` plus the schema's own comment. */
export function structDoc(s: StructModel, ctx: GenContext, suffix = ""): string {
  const tag = s.protocolTag !== 0 ? ` (protocol tag ${hex(s.protocolTag)})` : "";
  const head = `zproto struct \`${s.qualifiedName}\`${tag}, ${ctx.where(s.loc)}${suffix}`;
  return s.doc !== undefined && s.doc !== "" ? `${head}\n\n${escapeDoc(s.doc)}` : head;
}

/**
 * The doc of a field, ```integer`, tag 1`` plus the schema's own comment (the struct's doc
 * has the location), or `undefined` when it would only repeat the TypeScript type: a field
 * gets one when the schema documents it, when it is a map (the doc names the key), when
 * its type is `number` or `bigint` (which do not show the zproto width and signedness), or
 * when its generated name differs from the schema's (the doc starts with the schema name). A
 * `string`, `boolean`, `Uint8Array` or struct field without a schema comment gets none,
 * which also keeps large schemas quick to format (each comment costs prettier time).
 */
export function fieldDoc(f: FieldModel, ctx: GenContext): string | undefined {
  const documented = f.doc !== undefined && f.doc !== "";
  const numeric = f.type.kind === "scalar" && ["number", "bigint"].includes(scalarInfo(f.type.scalar, ctx).ts);
  const renamed = ctx.member(f.name) !== f.name;
  if (!documented && !numeric && f.shape !== "map" && !renamed) return undefined;
  const map =
    f.shape === "map"
      ? ` — a map keyed by \`${ctx.member(f.mapKey ?? "")}\`, as an array of elements (repeated keys: the last wins on decode)`
      : "";
  const schemaName = renamed ? `\`${f.name}\`: ` : "";
  const head = `${schemaName}\`${fieldSpelling(f)}\`, tag ${f.tag}${map}`;
  return documented ? `${head}\n\n${escapeDoc(f.doc ?? "")}` : head;
}

/** Makes schema comment text safe inside a JSDoc block. */
export function escapeDoc(text: string): string {
  return text.replace(/\*\//g, "*\\/");
}

/** Protocol tag as hex literal text (`0x01`). */
export function tagLiteral(n: number): string {
  return hex(n);
}
