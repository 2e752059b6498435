/**
 * Emits the body of a struct's decode function: opens the struct (bounds-checked), walks the
 * tag-delta table with a `switch` on the resolved tag (an unknown tag stops decoding of the
 * struct, as in zproto) and reads each field into a local with one runtime call
 * (`runtime/zproto/reader.ts`, `array-read.ts`: each checks its bounds against the struct's
 * end); the result object is built at the end (see {@link decodeBody}).
 */
import type { FieldModel, StructModel } from "../model.ts";
import type { GenContext } from "./context.ts";
import { scalarInfo } from "./field-types.ts";
import { propKey } from "./names.ts";

function q(s: string): string {
  return JSON.stringify(s);
}

/** The expression that reads field `f` at `r.pos` (`undefined` for an absent array). */
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

/**
 * The statements of `function $decodeX(r: Reader, end: number, depth: number): X`.
 *
 * Field values are read into locals (`f0`, `f1`, … in declaration order, `undefined` until
 * read) and the result is one object literal (one allocation, all properties in-object,
 * one shape per struct). Tags are strictly ascending on the wire, so `i` (the number of tag
 * entries resolved to known fields) equals the field count exactly when every field was
 * read; otherwise `withoutAbsent` drops the keys of absent fields.
 */
export function decodeBody(s: StructModel, ctx: GenContext): string {
  const rt = ctx.file;
  const lines = [`const se = ${rt.runtime("beginRead")}(r, end, depth);`];
  const fields = s.fields;
  if (fields.length === 0) {
    lines.push(`r.pos = se;`, `return {};`);
    return lines.join("\n");
  }
  lines.push(`const n = r.count;`, `const dv = r.view;`, `let tp = r.tags;`, `let t = ${fields[0]!.tag - 1};`, `let i = 0;`);
  // Untyped: TypeScript infers each local's type from its assignments (fewer tokens to format).
  lines.push(`let ${fields.map((_, k) => `f${k}`).join(", ")};`);
  lines.push(`try {`, `for (; i < n; i++, tp += 2) {`, `t += dv.getUint16(tp, true) + 1;`, `switch (t) {`);
  fields.forEach((f, k) => lines.push(`case ${f.tag}:`, `f${k} = ${readExpr(f, ctx)};`, `continue;`));
  const names = q(fields.map((f) => `${f.tag} ${f.name}`).join(" "));
  lines.push(`}`, `break;`, `}`, `} catch (err) {`, `throw ${rt.runtime("atTag")}(err, t, ${names});`, `}`);
  const all = fields.map((f, k) => `${propKey(f.name)}: f${k}`).join(", ");
  lines.push(`r.pos = se;`, `const o = { ${all} };`, `return i === ${fields.length} ? o : ${rt.runtime("withoutAbsent")}(o);`);
  return lines.join("\n");
}
