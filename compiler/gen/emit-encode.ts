/**
 * Emits the body of a struct's encode function: straight-line code that counts the present
 * fields, writes the header and tag deltas, then validates and writes each present field.
 * Fixed-width scalars are written inline through locals `b` (buffer) and `p` (position);
 * variable-size data goes through runtime helpers, syncing `w.pos` around the call.
 */
import type { FieldModel, ScalarKind, StructModel } from "../model.ts";
import type { GenContext } from "./context.ts";
import { scalarInfo } from "./field-types.ts";
import { readField } from "./names.ts";

function q(s: string): string {
  return JSON.stringify(s);
}

/** Inline byte writes of `x` for fixed-width kinds that need no helper, else undefined. */
function inlineWrite(kind: ScalarKind, x: string, ctx: GenContext): { width: number; lines: string[] } | undefined {
  switch (kind) {
    case "boolean":
      return { width: 1, lines: [`b[p] = ${x} ? 1 : 0;`] };
    case "int8":
    case "uint8":
      return { width: 1, lines: [`b[p] = ${x};`] };
    case "int16":
    case "uint16":
      return { width: 2, lines: [`b[p] = ${x};`, `b[p + 1] = ${x} >>> 8;`] };
    case "int32":
    case "uint32":
      return { width: 4, lines: [`b[p] = ${x};`, `b[p + 1] = ${x} >>> 8;`, `b[p + 2] = ${x} >>> 16;`, `b[p + 3] = ${x} >>> 24;`] };
    case "float":
      return {
        width: 4,
        lines: [`const u = ${ctx.file.runtime("f32Bits")}(${x});`, `b[p] = u;`, `b[p + 1] = u >>> 8;`, `b[p + 2] = u >>> 16;`, `b[p + 3] = u >>> 24;`],
      };
    default:
      return undefined;
  }
}

/** `w.pos = p; <call>; b = w.buf; p = w.pos;` around a helper call. */
function synced(call: string[]): string[] {
  return [`w.pos = p;`, ...call, `b = w.buf;`, `p = w.pos;`];
}

function scalarWrite(kind: ScalarKind, x: string, fail: string, ctx: GenContext): string[] {
  const info = scalarInfo(kind, ctx);
  const check = `if (!(${info.check(x, ctx)})) throw ${fail};`;
  const inline = inlineWrite(kind, x, ctx);
  if (inline === undefined) return [check, ...synced([`${info.write}(w, ${x});`])];
  const grow = ctx.file.runtime("grow");
  return [
    check,
    `if (p + ${inline.width} > b.length) {`,
    ...synced([`${grow}(w, ${inline.width});`]),
    `}`,
    ...inline.lines,
    `p += ${inline.width};`,
  ];
}

function fieldWrite(f: FieldModel, x: string, ctx: GenContext): string[] {
  const rt = ctx.file;
  const name = q(f.name);
  if (f.shape === "single") {
    if (f.type.kind === "struct") {
      const fn = ctx.names(f.type.struct).encode;
      return synced([`try {`, `${fn}(w, ${x});`, `} catch (err) {`, `throw ${rt.runtime("atField")}(err, ${name});`, `}`]);
    }
    const info = scalarInfo(f.type.scalar, ctx);
    return scalarWrite(f.type.scalar, x, `${rt.runtime("invalidField")}(${name}, ${q(info.expected)}, ${x})`, ctx);
  }
  const lines = [`if (!Array.isArray(${x})) throw ${rt.runtime("invalidField")}(${name}, "an array", ${x});`, `const len = ${x}.length;`];
  const body: string[] = [`${rt.runtime("writeU32")}(w, len);`];
  if (f.type.kind === "scalar") {
    const info = scalarInfo(f.type.scalar, ctx);
    body.push(
      `for (let i = 0; i < len; i++) {`,
      `const e = ${x}[i];`,
      `if (!(${info.check("e", ctx)})) throw ${rt.runtime("invalidElement")}(${name}, i, ${q(info.expected)}, e);`,
      `${info.write}(w, e);`,
      `}`,
    );
    return [...lines, ...synced(body)];
  }
  const fn = ctx.names(f.type.struct).encode;
  body.push(`let i = 0;`, `try {`, `for (; i < len; i++) {`, `const e = ${x}[i];`, `${fn}(w, e);`);
  if (f.shape === "map") {
    const key = f.mapKey ?? "";
    body.push(`if (${readField("e", key)} == null) throw ${rt.runtime("missingKey")}(${q(key)});`);
  }
  body.push(`}`, `} catch (err) {`, `throw ${rt.runtime("atField")}(err, ${name}, i);`, `}`);
  return [...lines, ...synced(body)];
}

/** The statements of `function $encodeX(w: Writer, v: X): void`. */
export function encodeBody(s: StructModel, ctx: GenContext): string {
  const rt = ctx.file;
  const lines: string[] = [
    `if (typeof v !== "object" || v === null) throw ${rt.runtime("invalidStruct")}(${q(s.qualifiedName)}, v);`,
  ];
  const fields = s.fields;
  if (fields.length === 0) {
    lines.push(`${rt.runtime("endStruct")}(w, ${rt.runtime("beginStruct")}(w, 0));`);
    return lines.join("\n");
  }
  fields.forEach((f, k) => lines.push(`const f${k} = ${readField("v", f.name)};`));
  lines.push(`let n = 0;`);
  fields.forEach((_, k) => lines.push(`if (f${k} != null) n++;`));
  // beginStruct reserves room for the header and the tag-delta table written here.
  lines.push(`const start = ${rt.runtime("beginStruct")}(w, n);`, `let b = w.buf;`, `let p = start + 6;`);
  lines.push(`let t = ${fields[0]!.tag - 1};`);
  fields.forEach((f, k) => lines.push(`if (f${k} != null) {`, `const d = ${f.tag} - t - 1;`, `b[p] = d;`, `b[p + 1] = d >>> 8;`, `p += 2;`, `t = ${f.tag};`, `}`));
  fields.forEach((f, k) => lines.push(`if (f${k} != null) {`, ...fieldWrite(f, `f${k}`, ctx), `}`));
  lines.push(`w.pos = p;`, `${rt.runtime("endStruct")}(w, start);`);
  return lines.join("\n");
}
