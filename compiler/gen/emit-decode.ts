/**
 * Emits the body of a struct's decode function: opens the struct (bounds-checked), walks the
 * tag-delta table with a `switch` on the resolved tag (an unknown tag stops decoding of the
 * struct, as in zproto), and reads each field. Fixed-width scalars are read inline through
 * locals `b` (buffer) and `p` (position) after a bounds check against the struct's end;
 * variable-size data goes through runtime helpers, syncing `r.pos` around the call.
 */
import type { FieldModel, ScalarKind, StructModel } from "../model.ts";
import type { GenContext } from "./context.ts";
import { elementType, scalarInfo } from "./field-types.ts";
import { propAccess, readField } from "./names.ts";

function q(s: string): string {
  return JSON.stringify(s);
}

function minSize(f: FieldModel, ctx: GenContext): number {
  return f.type.kind === "struct" ? 6 : scalarInfo(f.type.scalar, ctx).minSize;
}

/** Inline read expression of a fixed-width kind at `b[p]`, or undefined when a helper is used. */
function inlineRead(kind: ScalarKind, ctx: GenContext): { width: number; expr: string } | undefined {
  switch (kind) {
    case "boolean":
      return { width: 1, expr: `b[p] !== 0` };
    case "int8":
      return { width: 1, expr: `(b[p]! << 24) >> 24` };
    case "uint8":
      return { width: 1, expr: `b[p]!` };
    case "int16":
      return { width: 2, expr: `((b[p]! | (b[p + 1]! << 8)) << 16) >> 16` };
    case "uint16":
      return { width: 2, expr: `b[p]! | (b[p + 1]! << 8)` };
    case "int32":
      return { width: 4, expr: `b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)` };
    case "uint32":
      return { width: 4, expr: `(b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0` };
    case "float":
      return { width: 4, expr: `${ctx.file.runtime("f32At")}(b, p)` };
    default:
      return undefined;
  }
}

function readElement(f: FieldModel, ctx: GenContext): string {
  if (f.type.kind === "struct") return `${ctx.names(f.type.struct).decode}(r, se, depth + 1)`;
  return `${scalarInfo(f.type.scalar, ctx).read}(r, se)`;
}

function synced(call: string[]): string[] {
  return [`r.pos = p;`, ...call, `p = r.pos;`];
}

function fieldRead(f: FieldModel, ctx: GenContext): string[] {
  const rt = ctx.file;
  const target = `o${propAccess(f.name)}`;
  if (f.shape === "single") {
    const inline = f.type.kind === "scalar" ? inlineRead(f.type.scalar, ctx) : undefined;
    if (inline !== undefined && f.type.kind === "scalar") {
      return [
        `if (p + ${inline.width} > se) throw ${rt.runtime("truncated")}(${q(f.type.scalar)}, p, ${inline.width}, se);`,
        `${target} = ${inline.expr};`,
        `p += ${inline.width};`,
        `continue;`,
      ];
    }
    if (f.type.kind === "scalar" && f.type.scalar === "string") return [`{`, ...stringRead(`${target} =`, ctx), `continue;`, `}`];
    return [...synced([`${target} = ${readElement(f, ctx)};`]), `continue;`];
  }
  const el = elementType(f, ctx);
  if (f.type.kind === "scalar") return scalarArrayRead(f.type.scalar, target, el, minSize(f, ctx), ctx);
  const body = [`const c = ${rt.runtime("readCount")}(r, se, ${minSize(f, ctx)});`, `if (c >= 0) {`, `const a: ${el}[] = [];`];
  body.push(`let j = 0;`, `try {`, `for (; j < c; j++) {`);
  if (f.shape === "map") {
    const key = f.mapKey ?? "";
    body.push(
      `const e = ${readElement(f, ctx)};`,
      `if (${readField("e", key)} === undefined) throw ${rt.runtime("missingMapKey")}(r, ${q(key)});`,
      `a.push(e);`,
    );
  } else {
    body.push(`a.push(${readElement(f, ctx)});`);
  }
  body.push(`}`, `} catch (err) {`, `throw ${rt.runtime("atIndex")}(err, j);`, `}`);
  if (f.shape === "map") body.push(`${target} = ${rt.runtime("keepLastByKey")}(a, (e) => ${readField("e", f.mapKey ?? "")});`);
  else body.push(`${target} = a;`);
  body.push(`}`);
  return [`{`, ...synced(body), `continue;`, `}`];
}

/**
 * An array of scalars. `readCount` has checked that count × element size bytes remain, so
 * fixed-width elements are read inline without further checks; strings are read inline
 * with their own checks; other kinds use the runtime helper.
 */
function scalarArrayRead(kind: ScalarKind, target: string, el: string, min: number, ctx: GenContext): string[] {
  const rt = ctx.file;
  const lines = [`{`, ...synced([`const c = ${rt.runtime("readCount")}(r, se, ${min});`]), `if (c >= 0) {`, `const a: ${el}[] = [];`];
  const inline = inlineRead(kind, ctx);
  if (inline !== undefined) {
    lines.push(`for (let j = 0; j < c; j++) {`, `a.push(${inline.expr});`, `p += ${inline.width};`, `}`);
  } else if (kind === "string") {
    lines.push(`for (let j = 0; j < c; j++) {`, ...stringRead("a.push", ctx), `}`);
  } else {
    lines.push(...synced([`for (let j = 0; j < c; j++) a.push(${scalarInfo(kind, ctx).read}(r, se));`]));
  }
  lines.push(`${target} = a;`, `}`, `continue;`, `}`);
  return lines;
}

/** Inline read of a `u32 length | UTF-8` string at `p`, passed to `sink` (`o.x =` or `a.push`). */
function stringRead(sink: string, ctx: GenContext): string[] {
  const rt = ctx.file;
  const trunc = rt.runtime("truncated");
  const call = sink.endsWith("=") ? `${sink} ${rt.runtime("readUtf8")}(b, p, p + l);` : `${sink}(${rt.runtime("readUtf8")}(b, p, p + l));`;
  return [
    `if (p + 4 > se) throw ${trunc}("string length", p, 4, se);`,
    `const l = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;`,
    `if (p + 4 + l > se) throw ${trunc}("string", p + 4, l, se);`,
    `p += 4;`,
    call,
    `p += l;`,
  ];
}

/** The statements of `function $decodeX(r: Reader, end: number, depth: number): X`. */
export function decodeBody(s: StructModel, ctx: GenContext): string {
  const rt = ctx.file;
  const type = ctx.names(s.qualifiedName).type;
  const lines = [`const se = ${rt.runtime("beginRead")}(r, end, depth);`, `const o: ${type} = {};`];
  const fields = s.fields;
  if (fields.length > 0) {
    lines.push(`const n = r.count;`, `const b = r.buf;`, `let tp = r.tags;`, `let p = r.pos;`, `let t = ${fields[0]!.tag - 1};`);
    lines.push(`try {`, `for (let i = 0; i < n; i++, tp += 2) {`, `t += (b[tp]! | (b[tp + 1]! << 8)) + 1;`, `switch (t) {`);
    for (const f of fields) lines.push(`case ${f.tag}:`, ...fieldRead(f, ctx));
    lines.push(`}`, `break;`, `}`, `} catch (err) {`, `throw ${rt.runtime("atField")}(err, ${fieldNameExpr(s)});`, `}`);
  }
  lines.push(`r.pos = se;`, `return o;`);
  return lines.join("\n");
}

/** Expression naming the field with tag `t` (for error paths; only evaluated on failure). */
function fieldNameExpr(s: StructModel): string {
  const cases = s.fields.map((f) => `t === ${f.tag} ? ${q(f.name)} : `).join("");
  return `${cases}String(t)`;
}
