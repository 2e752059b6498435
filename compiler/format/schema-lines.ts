/**
 * The lines of a schema in canonical layout, before comments go in: one line per struct
 * header, field, closing brace, service header and method, each with its indentation depth
 * and the source span it comes from (comments and blank lines are placed by those spans).
 */
import type { IToken } from "chevrotain";
import type { ErrorListNode, FieldNode, MethodNode, OptionListNode, SchemaNode, ServiceNode, StructNode } from "../syntax/ast.ts";

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

/** ` [errors idempotent]`, or "" without options. */
function optionsText(list: OptionListNode | undefined): string {
  return list === undefined ? "" : ` [${list.names.map((n) => n.text).join(" ")}]`;
}

function methodText(m: MethodNode): string {
  const head = m.response === undefined ? m.request.text : `${m.request.text} -> ${m.response.text}`;
  return head + optionsText(m.options);
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

function errorListLines(list: ErrorListNode, tokens: readonly IToken[], out: SchemaLine[]): number {
  const brace = nextToken(tokens, "LBrace", endOf(list.loc));
  out.push({ kind: "open", text: "errors {", depth: 1, start: list.loc.offset, end: brace + 1 });
  let last = brace + 1;
  for (const code of list.codes) {
    last = endOf(code.value?.loc ?? code.name.loc);
    out.push({ kind: "item", text: `${code.name.text} ${code.value?.text ?? ""}`, depth: 2, start: code.loc.offset, end: last });
  }
  const close = nextToken(tokens, "RBrace", last);
  out.push({ kind: "close", text: "}", depth: 1, start: close, end: close + 1 });
  return close + 1;
}

function serviceLines(s: ServiceNode, tokens: readonly IToken[], out: SchemaLine[]): void {
  const brace = nextToken(tokens, "LBrace", s.options?.end ?? endOf(s.name.loc));
  out.push({ kind: "open", text: `service ${s.name.text}${optionsText(s.options)} {`, depth: 0, start: s.loc.offset, end: brace + 1 });
  let last = brace + 1;
  // Methods and errors lists in source order (comments are placed by their spans).
  const members = [...s.methods, ...s.errorLists].sort((a, b) => a.loc.offset - b.loc.offset);
  for (const m of members) {
    if (m.kind === "error-list") {
      last = errorListLines(m, tokens, out);
      continue;
    }
    last = m.options?.end ?? endOf(m.response?.loc ?? m.request.loc);
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
