/**
 * Emits a struct's decode function and its field table. The function opens the struct
 * (`beginRead`, bounds-checked); when every declared field is present in order (`r.full`,
 * the common case) it reads them straight into one object literal with the runtime's plain
 * readers — one line per field, small enough for the JIT to inline — and otherwise hands
 * the struct to `readPartial`, which decodes it field by field through the field table
 * (absent fields, unknown tags, error attribution; `runtime/zproto/partial.ts`).
 */
import type { FieldModel, StructModel } from "../model.ts";
import type { GenContext } from "./context.ts";
import { scalarInfo } from "./field-types.ts";
import { propKey } from "./names.ts";

function q(s: string): string {
  return JSON.stringify(s);
}

/** The expression that reads field `f` at `r.pos` on the fast path. */
function readExpr(f: FieldModel, ctx: GenContext): string {
  const rt = ctx.file;
  if (f.type.kind === "struct") {
    const fn = ctx.names(f.type.struct).decode;
    if (f.shape === "single") return `${fn}(r, se, depth + 1)`;
    if (f.shape === "array") return `${rt.runtime("readStructArray")}(r, se, depth + 1, ${fn})`;
    return `${rt.runtime("readStructMap")}(r, se, depth + 1, ${fn}, ${q(f.mapKey ?? "")})`;
  }
  const info = scalarInfo(f.type.scalar, ctx);
  return `${rt.runtime(f.shape === "single" ? info.read : info.readArray)}(r, se)`;
}

/** The number of declared fields when their tags are consecutive, else −1 (see `beginRead`). */
export function consecutiveFields(s: StructModel): number {
  const base = s.fields[0]?.tag ?? 0;
  return s.fields.every((f, k) => f.tag === base + k) ? s.fields.length : -1;
}

/** The statements of `function $decodeX(r: Reader, end: number, depth: number): X`, whose field table is `table`. */
export function decodeBody(s: StructModel, table: string, ctx: GenContext): string {
  const rt = ctx.file;
  return [
    `const se = ${rt.runtime("beginRead")}(r, end, depth, ${consecutiveFields(s)});`,
    `if (!r.full) return ${rt.runtime("readPartial")}(r, se, depth, ${table});`,
    `const o = {`,
    ...s.fields.map((f) => `${propKey(f.name)}: ${readExpr(f, ctx)},`),
    `};`,
    `r.pos = se;`,
    `return o;`,
  ].join("\n");
}

/**
 * The initializer of the struct's field table, named `tables(name)` for struct `name`:
 * `fieldTable<X>("1 id i32 2 pos @0", $decodeX, $Vec3Fields)` (nested structs by table).
 */
export function fieldTableInit(s: StructModel, ctx: GenContext, tables: (struct: string) => string): string {
  const nested: string[] = [];
  const words = s.fields.map((f) => {
    let kind: string;
    if (f.type.kind === "struct") {
      const table = tables(f.type.struct);
      let k = nested.indexOf(table);
      if (k < 0) k = nested.push(table) - 1;
      kind = f.shape === "single" ? `@${k}` : f.shape === "array" ? `@${k}[]` : `@${k}{${f.mapKey ?? ""}}`;
    } else {
      kind = scalarInfo(f.type.scalar, ctx).code + (f.shape === "single" ? "" : "[]");
    }
    return `${f.tag} ${f.name} ${kind}`;
  });
  const names = ctx.names(s.qualifiedName);
  return `${ctx.file.runtime("fieldTable")}<${names.type}>(${[q(words.join(" ")), names.decode, ...nested].join(", ")})`;
}
