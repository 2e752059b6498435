/**
 * `textDocument/documentSymbol`: the outline — structs with their nested structs and fields,
 * services with their methods, each with its tag or signature as detail.
 */
import { type DocumentSymbol, SymbolKind } from "vscode-languageserver";
import type { StructInfo } from "../model/resolve.ts";
import type { FieldNode, ServiceNode } from "../syntax/ast.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { rangeOf, rangeOfSpan } from "./positions.ts";

function fieldSymbol(analysis: DocumentAnalysis, field: FieldNode): DocumentSymbol | undefined {
  if (field.name === undefined) return undefined;
  const end = field.tag === undefined ? field.name.loc.offset + field.name.loc.length : field.tag.loc.offset + field.tag.loc.length;
  const type = field.type === undefined ? "?" : field.type.name.text + field.type.suffixes.map((s) => `[${s.key?.text ?? ""}]`).join("");
  return {
    name: field.name.text,
    detail: `${type} ${field.tag?.text ?? "?"}`,
    kind: SymbolKind.Field,
    range: rangeOfSpan(analysis.document, field.loc.offset, end),
    selectionRange: rangeOf(analysis.document, field.name.loc),
  };
}

function structSymbol(analysis: DocumentAnalysis, info: StructInfo): DocumentSymbol {
  const children: DocumentSymbol[] = [];
  for (const member of info.node.members) {
    if (member.kind === "struct") {
      const child = info.children.find((c) => c.node === member);
      if (child !== undefined) children.push(structSymbol(analysis, child));
    } else {
      const field = fieldSymbol(analysis, member);
      if (field !== undefined) children.push(field);
    }
  }
  return {
    name: info.node.name.text,
    detail: info.node.protocolTag?.text ?? "",
    kind: SymbolKind.Struct,
    range: rangeOfSpan(analysis.document, info.node.loc.offset, info.node.end),
    selectionRange: rangeOf(analysis.document, info.node.name.loc),
    children,
  };
}

function serviceSymbol(analysis: DocumentAnalysis, service: ServiceNode): DocumentSymbol {
  return {
    name: service.name.text,
    detail: "service",
    kind: SymbolKind.Interface,
    range: rangeOfSpan(analysis.document, service.loc.offset, service.end),
    selectionRange: rangeOf(analysis.document, service.name.loc),
    children: service.methods.map((m) => {
      const last = m.response ?? m.request;
      return {
        name: m.request.text,
        detail: m.response === undefined ? "one-way" : `-> ${m.response.text}`,
        kind: SymbolKind.Method,
        range: rangeOfSpan(analysis.document, m.request.loc.offset, last.loc.offset + last.loc.length),
        selectionRange: rangeOf(analysis.document, m.request.loc),
      };
    }),
  };
}

/** The outline of a document. */
export function documentSymbols(analysis: DocumentAnalysis): DocumentSymbol[] {
  const schema = analysis.schema;
  if (schema === undefined) return [];
  return schema.ast.items
    .map((item) => {
      if (item.kind === "service") return serviceSymbol(analysis, item);
      const info = schema.resolution.infoOf(item);
      return info === undefined ? undefined : structSymbol(analysis, info);
    })
    .filter((s): s is DocumentSymbol => s !== undefined);
}
