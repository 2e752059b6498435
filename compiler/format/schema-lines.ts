/**
 * The lines of a schema in canonical layout, before comments go in: one line per struct
 * header, field, closing brace, service header and method, each with its indentation depth
 * and the source span it comes from (comments and blank lines are placed by those spans).
 */
import type { IToken } from "chevrotain";
import type { FieldNode, MethodNode, SchemaNode, ServiceNode, StructNode } from "../syntax/ast.ts";

/** One line of the canonical layout. */
export interface SchemaLine {
  /** `open` ends with `{`, `close` is `}`; the rest are single constructs. */
  readonly kind: "open" | "close" | "item";
  readonly text: string;
  readonly depth: number;
  /** Source offset of its first token. */
  readonly start: number;
  /** Source offset just past its last token. */
  readonly end: number;
}

function fieldText(f: FieldNode): string {
  const type = f.type === undefined ? "" : f.type.name.text + f.type.suffixes.map((s) => `[${s.key?.text ?? ""}]`).join("");
  return `.${f.name?.text ?? ""}:${type} ${f.tag?.text ?? ""}`;
}

function methodText(m: MethodNode): string {
  return m.response === undefined ? m.request.text : `${m.request.text} -> ${m.response.text}`;
}

function endOf(loc: { readonly offset: number; readonly length: number }): number {
  return loc.offset + loc.length;
}

/** The offset of the first token of `kind` at or after `from`. */
function nextToken(tokens: readonly IToken[], name: "LBrace" | "RBrace", from: number): number {
  const token = tokens.find((t) => t.tokenType.name === name && t.startOffset >= from);
  return token?.startOffset ?? from;
}

function structLines(s: StructNode, depth: number, tokens: readonly IToken[], out: SchemaLine[]): void {
  const head = s.protocolTag === undefined ? s.name.text : `${s.name.text} ${s.protocolTag.text}`;
  const brace = nextToken(tokens, "LBrace", endOf(s.protocolTag?.loc ?? s.name.loc));
  out.push({ kind: "open", text: `${head} {`, depth, start: s.name.loc.offset, end: brace + 1 });
  for (const member of s.members) {
    if (member.kind === "struct") structLines(member, depth + 1, tokens, out);
    else
      out.push({
        kind: "item",
        text: fieldText(member),
        depth: depth + 1,
        start: member.loc.offset,
        end: endOf(member.tag?.loc ?? member.loc),
      });
  }
  out.push({ kind: "close", text: "}", depth, start: s.end - 1, end: s.end });
}

function serviceLines(s: ServiceNode, tokens: readonly IToken[], out: SchemaLine[]): void {
  const brace = nextToken(tokens, "LBrace", endOf(s.name.loc));
  out.push({ kind: "open", text: `service ${s.name.text} {`, depth: 0, start: s.loc.offset, end: brace + 1 });
  let last = brace + 1;
  for (const m of s.methods) {
    last = endOf(m.response?.loc ?? m.request.loc);
    out.push({ kind: "item", text: methodText(m), depth: 1, start: m.loc.offset, end: last });
  }
  const close = nextToken(tokens, "RBrace", last);
  out.push({ kind: "close", text: "}", depth: 0, start: close, end: close + 1 });
}

/** The lines of a schema parsed without syntax errors, in source order. */
export function schemaLines(schema: SchemaNode, tokens: readonly IToken[]): SchemaLine[] {
  const out: SchemaLine[] = [];
  for (const item of schema.items) {
    if (item.kind === "struct") structLines(item, 0, tokens, out);
    else serviceLines(item, tokens, out);
  }
  return out;
}
