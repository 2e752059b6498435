/**
 * Section: per struct the internal `$encodeX` / `$decodeX` / `$createX` functions, and per
 * top-level struct the exported `MessageCodec` const (same name as its interface).
 *
 * `create()` fills every field with zproto's default: false, 0, 0n, "", an empty
 * Uint8Array, [] for arrays and maps, and a nested struct field gets its own `create()`
 * value (recursively; zproto has no self references, so this terminates).
 */
import type { StructModel } from "../model.ts";
import type { GenContext, GenSection } from "./context.ts";
import { tagLiteral } from "./docs.ts";
import { decodeBody, fieldTableInit } from "./emit-decode.ts";
import { encodeBody } from "./emit-encode.ts";
import { scalarInfo } from "./field-types.ts";
import { propKey } from "./names.ts";

function createBody(s: StructModel, ctx: GenContext): string {
  const parts = s.fields.map((f) => {
    let value: string;
    if (f.shape !== "single") value = "[]";
    else if (f.type.kind === "struct") value = `${ctx.names(f.type.struct).create}()`;
    else value = scalarInfo(f.type.scalar, ctx).zero;
    return `${propKey(f.name)}: ${value}`;
  });
  return `return { ${parts.join(", ")} };`;
}

/** Name of the internal field table of the struct whose type is `type`. */
function tableName(type: string): string {
  return `$${type}Fields`;
}

function emitStruct(s: StructModel, ctx: GenContext): void {
  const names = ctx.names(s.qualifiedName);
  const writer = ctx.file.runtimeType("Writer");
  const reader = ctx.file.runtimeType("Reader");
  ctx.file.addFunction({
    name: names.encode,
    exported: false,
    parameters: [
      { name: "w", type: writer },
      { name: "v", type: names.type },
    ],
    returnType: "void",
    body: encodeBody(s, ctx),
  });
  ctx.file.addFunction({
    name: names.decode,
    exported: false,
    parameters: [
      { name: "r", type: reader },
      { name: "end", type: "number" },
      { name: "depth", type: "number" },
    ],
    returnType: names.type,
    body: decodeBody(s, tableName(names.type), ctx),
  });
  ctx.file.addConst({ name: tableName(names.type), exported: false, initializer: fieldTableInit(s, ctx) });
  ctx.file.addFunction({
    name: names.create,
    exported: false,
    parameters: [],
    returnType: names.type,
    body: createBody(s, ctx),
  });
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
      const args = [JSON.stringify(s.name), tag, names.encode, names.decode, names.create].join(", ");
      ctx.file.addConst({
        name: names.type,
        exported: true,
        doc: `Codec of \`${s.qualifiedName}\`: encode, decode, encodePacked, decodePacked, create.`,
        initializer: `${ctx.file.runtime("messageCodec")}<${names.type}>(${args})`,
      });
    }
  },
};
