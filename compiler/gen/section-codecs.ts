/**
 * Section: per struct the internal `$encodeX` and `$decodeX` bodies and the `$XFields`
 * table that wraps them into the struct's encoder and decoder (with the decoder's general
 * path and the struct's defaults for `create()`), and per top-level struct the exported
 * `MessageCodec` const (same name as its interface).
 */
import type { StructModel } from "../model/schema-model.ts";
import type { GenContext, GenSection } from "./context.ts";
import { tagLiteral } from "./docs.ts";
import { decodeBody, fieldTableInit } from "./emit-decode.ts";
import { encodeBody } from "./emit-encode.ts";

/** Name of the internal field table of the struct whose type is `type`. */
function tableName(type: string): string {
  return `$${type}Fields`;
}

/**
 * A body parameter's name: `_`-prefixed when the body does not use it, so generated code
 * also compiles with `noUnusedParameters` (a struct without fields uses none; one without
 * struct fields does not pass `depth` on).
 */
function param(name: string, used: boolean): string {
  return used ? name : `_${name}`;
}

function emitStruct(s: StructModel, ctx: GenContext): void {
  const names = ctx.names(s.qualifiedName);
  const tables = (struct: string): string => tableName(ctx.names(struct).type);
  const writer = ctx.file.runtimeType("Writer");
  const reader = ctx.file.runtimeType("Reader");
  const hasFields = s.fields.length > 0;
  const hasStructs = s.fields.some((f) => f.type.kind === "struct");
  ctx.file.addFunction({
    name: names.encode,
    exported: false,
    parameters: [
      { name: param("w", hasFields), type: writer },
      { name: param("v", hasFields), type: names.type },
    ],
    returnType: "void",
    body: encodeBody(s, ctx, tables),
  });
  ctx.file.addFunction({
    name: names.decode,
    exported: false,
    parameters: [
      { name: param("r", hasFields), type: reader },
      { name: param("se", hasFields), type: "number" },
      { name: param("depth", hasStructs), type: "number" },
    ],
    returnType: names.type,
    body: decodeBody(s, ctx, tables),
  });
  ctx.file.addConst({ name: tableName(names.type), exported: false, initializer: fieldTableInit(s, ctx, tables) });
}

/** Emits the codec functions of every struct and the codec const of every top-level struct. */
export const codecsSection: GenSection = {
  name: "codecs",
  emit(ctx: GenContext): void {
    for (const s of ctx.model.structs) emitStruct(s, ctx);
    for (const s of ctx.model.structs) {
      if (s.parent !== undefined) continue;
      const names = ctx.names(s.qualifiedName);
      const tag = names.tagConst ?? tagLiteral(s.protocolTag);
      const args = [tag, tableName(names.type)].join(", ");
      ctx.file.addConst({
        name: names.type,
        exported: true,
        doc: `\`MessageCodec\` of \`${s.qualifiedName}\`.`,
        initializer: `${ctx.file.runtime("messageCodec")}<${names.type}>(${args})`,
      });
    }
  },
};
