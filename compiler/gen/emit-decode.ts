/**
 * Emits a struct's decode body and its table. The table (`runtime/zproto/struct-table.ts`)
 * opens the struct (`beginRead`, bounds-checked); when every declared field is present in
 * order (`r.full`, the common case) it calls the body, which reads them straight into one
 * object literal with the runtime's plain readers — one line per field, small enough for
 * the JIT to inline — and otherwise decodes the struct field by field with `readPartial`
 * (absent fields, unknown tags, error attribution). The body is all the per-struct code a
 * decoder needs, which keeps large schemas quick to format.
 */
import type { FieldModel, StructModel } from "../model/schema-model.ts";
import type { GenContext } from "./context.ts";
import { scalarInfo } from "./field-types.ts";
import { propKey } from "./names.ts";

function q(s: string): string {
  return JSON.stringify(s);
}

/** The expression that reads field `f` at `r.pos` on the fast path (`tables` names field tables). */
function readExpr(f: FieldModel, ctx: GenContext, tables: (struct: string) => string): string {
  const rt = ctx.file;
  if (f.type.kind === "struct") {
    const table = tables(f.type.struct);
    if (f.shape === "single") return `${rt.runtime("readStruct")}(r, se, depth + 1, ${table})`;
    if (f.shape === "array") return `${rt.runtime("readStructArray")}(r, se, depth + 1, ${table})`;
    return `${rt.runtime("readStructMap")}(r, se, depth + 1, ${table}, ${q(ctx.member(f.mapKey ?? ""))})`;
  }
  const info = scalarInfo(f.type.scalar, ctx);
  return `${rt.runtime(f.shape === "single" ? info.read : info.readArray)}(r, se)`;
}

/**
 * The statements of `function $decodeX(r: Reader, se: number, depth: number): X`, the body
 * of a struct whose fields are all present in order; `tables` names field tables.
 */
export function decodeBody(s: StructModel, ctx: GenContext, tables: (struct: string) => string): string {
  return [`return {`, ...s.fields.map((f) => `${propKey(ctx.member(f.name))}: ${readExpr(f, ctx, tables)},`), `};`].join("\n");
}

/**
 * The initializer of the struct's table, named `tables(name)` for struct `name`:
 * `fieldTable<X>("x", "1 id i32 2 pos @0", $encodeX, $decodeX, $Vec3Fields)` (its schema name, its
 * fields by generated property name, its encode and decode bodies, then nested structs by table).
 */
export function fieldTableInit(s: StructModel, ctx: GenContext, tables: (struct: string) => string): string {
  const nested: string[] = [];
  const words = s.fields.map((f) => {
    let kind: string;
    if (f.type.kind === "struct") {
      const table = tables(f.type.struct);
      let k = nested.indexOf(table);
      if (k < 0) k = nested.push(table) - 1;
      kind = f.shape === "single" ? `@${k}` : f.shape === "array" ? `@${k}[]` : `@${k}{${ctx.member(f.mapKey ?? "")}}`;
    } else {
      kind = scalarInfo(f.type.scalar, ctx).code + (f.shape === "single" ? "" : "[]");
    }
    return `${f.tag} ${ctx.member(f.name)} ${kind}`;
  });
  const names = ctx.names(s.qualifiedName);
  const args = [q(s.qualifiedName), q(words.join(" ")), names.encode, names.decode, ...nested];
  return `${ctx.file.runtime("fieldTable")}<${names.type}>(${args.join(", ")})`;
}
