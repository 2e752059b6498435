/**
 * Emits the body of a struct's decode function: opens the struct (bounds-checked), walks the
 * tag-delta table with a `switch` on the resolved tag (an unknown tag stops decoding of the
 * struct, as in zproto), and reads each field into a local; the result object is built at
 * the end (see {@link decodeBody}).
 *
 * Fixed-width scalars are read inline after a bounds check against the struct's end, through
 * locals `b` (the reader's bytes), `dv` (a DataView over the same bytes: one load per
 * multi-byte value) and `p` (position); variable-size data goes through runtime helpers,
 * syncing `r.pos` around the call. Positions are offsets in `r.buf`, which may start before
 * the decoded message (the runtime rebases error offsets).
 */
import type { FieldModel, ScalarKind, StructModel } from "../model.ts";
import type { GenContext } from "./context.ts";
import { elementType, fieldTsType, scalarInfo } from "./field-types.ts";
import { propAccess, propKey, readField } from "./names.ts";

function q(s: string): string {
  return JSON.stringify(s);
}

function minSize(f: FieldModel, ctx: GenContext): number {
  return f.type.kind === "struct" ? 6 : scalarInfo(f.type.scalar, ctx).minSize;
}

/** Inline read expression of a fixed-width kind at `p`, or undefined when a helper is used. */
function inlineRead(kind: ScalarKind): { width: number; expr: string } | undefined {
  switch (kind) {
    case "boolean":
      return { width: 1, expr: `b[p] !== 0` };
    case "int8":
      return { width: 1, expr: `(b[p]! << 24) >> 24` };
    case "uint8":
      return { width: 1, expr: `b[p]!` };
    case "int16":
      return { width: 2, expr: `dv.getInt16(p, true)` };
    case "uint16":
      return { width: 2, expr: `dv.getUint16(p, true)` };
    case "int32":
      return { width: 4, expr: `dv.getInt32(p, true)` };
    case "uint32":
      return { width: 4, expr: `dv.getUint32(p, true)` };
    case "float":
      return { width: 4, expr: `dv.getFloat32(p, true)` };
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

/**
 * The statements of one `case`: read field `f` into local `target`; `flag`, for numeric
 * fields (see {@link isNumericLocal}), is the local that records its presence.
 */
function fieldRead(f: FieldModel, target: string, flag: string | undefined, ctx: GenContext): string[] {
  const rt = ctx.file;
  if (f.shape === "single") {
    const present = flag === undefined ? [] : [`${flag} = true;`];
    const inline = f.type.kind === "scalar" ? inlineRead(f.type.scalar) : undefined;
    if (inline !== undefined && f.type.kind === "scalar") {
      return [
        `if (p + ${inline.width} > se) throw ${rt.runtime("truncated")}(${q(f.type.scalar)}, p, ${inline.width}, se);`,
        `${target} = ${inline.expr};`,
        ...present,
        `p += ${inline.width};`,
        `continue;`,
      ];
    }
    if (f.type.kind === "scalar" && f.type.scalar === "string") return [`{`, ...stringRead(`${target} =`, ctx), `continue;`, `}`];
    return [...synced([`${target} = ${readElement(f, ctx)};`, ...present]), `continue;`];
  }
  const el = elementType(f, ctx);
  if (f.type.kind === "scalar") return scalarArrayRead(f.type.scalar, target, el, minSize(f, ctx), ctx);
  // `readCount` bounds the count by the bytes left, so the array is allocated at its size.
  const body = [`const c = ${rt.runtime("readCount")}(r, se, ${minSize(f, ctx)});`, `if (c >= 0) {`, `const a = new Array<${el}>(c);`];
  body.push(`let j = 0;`, `try {`, `for (; j < c; j++) {`);
  if (f.shape === "map") {
    const key = f.mapKey ?? "";
    body.push(
      `const e = ${readElement(f, ctx)};`,
      `if (${readField("e", key)} === undefined) throw ${rt.runtime("missingMapKey")}(r, ${q(key)});`,
      `a[j] = e;`,
    );
  } else {
    body.push(`a[j] = ${readElement(f, ctx)};`);
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
  const lines = [`{`, ...synced([`const c = ${rt.runtime("readCount")}(r, se, ${min});`]), `if (c >= 0) {`, `const a = new Array<${el}>(c);`];
  const inline = inlineRead(kind);
  if (inline !== undefined) {
    lines.push(`for (let j = 0; j < c; j++) {`, `a[j] = ${inline.expr};`, `p += ${inline.width};`, `}`);
  } else if (kind === "string") {
    lines.push(`for (let j = 0; j < c; j++) {`, ...stringRead("a[j] =", ctx), `}`);
  } else {
    lines.push(...synced([`for (let j = 0; j < c; j++) a[j] = ${scalarInfo(kind, ctx).read}(r, se);`]));
  }
  lines.push(`${target} = a;`, `}`, `continue;`, `}`);
  return lines;
}

/** Inline read of a `u32 length | UTF-8` string at `p`, assigned by `sink` (`f3 =`, `a[j] =`). */
function stringRead(sink: string, ctx: GenContext): string[] {
  const trunc = ctx.file.runtime("truncated");
  return [
    `if (p + 4 > se) throw ${trunc}("string length", p, 4, se);`,
    `const l = dv.getUint32(p, true);`,
    `if (p + 4 + l > se) throw ${trunc}("string", p + 4, l, se);`,
    `p += 4;`,
    `${sink} ${ctx.file.runtime("readText")}(r, p, p + l);`,
    `p += l;`,
  ];
}

/**
 * True for fields whose local is a plain number with a separate presence flag rather than
 * `number | undefined`: the JIT then keeps the value unboxed (a float or a uint32 above
 * 2^31 is not boxed twice: once for the local, once for the object's field).
 */
function isNumericLocal(f: FieldModel, ctx: GenContext): boolean {
  return f.shape === "single" && f.type.kind === "scalar" && scalarInfo(f.type.scalar, ctx).ts === "number";
}

/**
 * The statements of `function $decodeX(r: Reader, end: number, depth: number): X`.
 *
 * Field values are read into locals (`f0`, `f1`, … in declaration order, `undefined` until
 * read; numeric ones start at 0 with a flag `h0`, `h1`, … set when read) and the result
 * object is created once at the end: when every field was present
 * it is a single object literal (one allocation, all properties in-object, one shape per
 * struct); otherwise only the present fields are set, still in declaration order, so
 * absent fields stay absent keys. Tags are strictly ascending on the wire, so `i` (the
 * number of tag entries resolved to known fields) equals the field count exactly when
 * every field was read.
 */
export function decodeBody(s: StructModel, ctx: GenContext): string {
  const rt = ctx.file;
  const type = ctx.names(s.qualifiedName).type;
  const lines = [`const se = ${rt.runtime("beginRead")}(r, end, depth);`];
  const fields = s.fields;
  if (fields.length === 0) {
    lines.push(`r.pos = se;`, `return {};`);
    return lines.join("\n");
  }
  const local = (k: number): string => `f${k}`;
  lines.push(`const n = r.count;`, `const b = r.buf;`, `const dv = r.view;`, `let tp = r.tags;`, `let p = r.pos;`);
  lines.push(`let t = ${fields[0]!.tag - 1};`, `let i = 0;`);
  const flag = (k: number): string | undefined => (isNumericLocal(fields[k]!, ctx) ? `h${k}` : undefined);
  fields.forEach((f, k) => {
    if (flag(k) !== undefined) lines.push(`let ${local(k)} = 0;`, `let ${flag(k)} = false;`);
    else lines.push(`let ${local(k)}: ${fieldTsType(f, ctx)} | undefined = undefined;`);
  });
  lines.push(`try {`, `for (; i < n; i++, tp += 2) {`, `t += dv.getUint16(tp, true) + 1;`, `switch (t) {`);
  fields.forEach((f, k) => lines.push(`case ${f.tag}:`, ...fieldRead(f, local(k), flag(k), ctx)));
  lines.push(`}`, `break;`, `}`, `} catch (err) {`, `throw ${rt.runtime("atField")}(err, ${fieldNameExpr(s)});`, `}`);
  lines.push(`r.pos = se;`);
  const all = fields.map((f, k) => `${propKey(f.name)}: ${local(k)}`).join(", ");
  lines.push(`if (i === ${fields.length}) return { ${all} };`, `const o: ${type} = {};`);
  fields.forEach((f, k) => lines.push(`if (${flag(k) ?? `${local(k)} !== undefined`}) o${propAccess(f.name)} = ${local(k)};`));
  lines.push(`return o;`);
  return lines.join("\n");
}

/** Expression naming the field with tag `t` (for error paths; only evaluated on failure). */
function fieldNameExpr(s: StructModel): string {
  const cases = s.fields.map((f) => `t === ${f.tag} ? ${q(f.name)} : `).join("");
  return `${cases}String(t)`;
}
