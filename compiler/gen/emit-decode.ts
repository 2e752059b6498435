/**
 * Emits the body of a struct's decode function: `beginRead` opens the struct (bounds-checked)
 * and points its tag-table cursor at the tag table; the result is one object literal with one
 * field-reader call per declared field, in ascending tag order (`runtime/zproto/field-read.ts`:
 * each reads its field if the next tag-table entry is that field, else gives `undefined`; an
 * unknown tag stops the struct, as in zproto). One line per field keeps large schemas quick to
 * format; the readers are small enough for the JIT to inline.
 */
import type { FieldModel, StructModel } from "../model.ts";
import type { GenContext } from "./context.ts";
import { scalarInfo } from "./field-types.ts";
import { propKey } from "./names.ts";

function q(s: string): string {
  return JSON.stringify(s);
}

/** The call that reads field `f` (`undefined` when absent). */
function readCall(f: FieldModel, ctx: GenContext): string {
  const rt = ctx.file;
  if (f.type.kind === "struct") {
    const args = `r, se, ${f.tag}, depth, ${ctx.names(f.type.struct).decode}`;
    if (f.shape === "single") return `${rt.runtime("readStructAt")}(${args})`;
    if (f.shape === "array") return `${rt.runtime("readStructArrayAt")}(${args})`;
    return `${rt.runtime("readStructMapAt")}(${args}, ${q(f.mapKey ?? "")})`;
  }
  const info = scalarInfo(f.type.scalar, ctx);
  return `${rt.runtime(f.shape === "single" ? info.read : info.readArray)}(r, se, ${f.tag})`;
}

/**
 * The statements of `function $decodeX(r: Reader, end: number, depth: number): X`.
 *
 * The result is one object literal (one allocation, all properties in-object, one shape per
 * struct); `endRead` tells whether every declared field was read, and otherwise
 * `withoutAbsent` drops the keys of the absent ones. A failure is attributed to the field
 * being read (`atTag`).
 */
export function decodeBody(s: StructModel, ctx: GenContext): string {
  const rt = ctx.file;
  const fields = s.fields;
  const begin = `const se = ${rt.runtime("beginRead")}(r, end, depth, ${fields.length === 0 ? 0 : fields[0]!.tag});`;
  if (fields.length === 0) return [begin, `${rt.runtime("endRead")}(r, se, 0);`, `return {};`].join("\n");
  const names = q(fields.map((f) => `${f.tag} ${f.name}`).join(" "));
  return [
    begin,
    `try {`,
    `const o = {`,
    ...fields.map((f) => `${propKey(f.name)}: ${readCall(f, ctx)},`),
    `};`,
    `return ${rt.runtime("endRead")}(r, se, ${fields.length}) ? o : ${rt.runtime("withoutAbsent")}(o);`,
    `} catch (err) {`,
    `throw ${rt.runtime("atTag")}(err, r, ${names});`,
    `}`,
  ].join("\n");
}
