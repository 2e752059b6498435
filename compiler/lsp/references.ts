/**
 * `textDocument/references` and `textDocument/documentHighlight`: every place the symbol under
 * the cursor is written — a struct in field types and service methods, a field in map keys.
 * A schema has no imports, so every reference is in the same file.
 */
import { type DocumentHighlight, DocumentHighlightKind, type Location } from "vscode-languageserver";
import type { DocumentAnalysis } from "./analysis.ts";
import { rangeOf } from "./positions.ts";

/** The references of the symbol at `offset` (with its definition when `includeDeclaration`). */
export function references(analysis: DocumentAnalysis, offset: number, includeDeclaration: boolean): Location[] {
  const index = analysis.index();
  const occurrence = index.at(offset);
  if (occurrence === undefined || occurrence.symbol.kind === "builtin") return [];
  return index
    .occurrencesOf(occurrence.symbol)
    .filter((o) => includeDeclaration || o.role !== "definition")
    .map((o) => ({ uri: analysis.document.uri, range: rangeOf(analysis.document, o.name.loc) }));
}

/** The occurrences of the symbol at `offset` in this document: the definition written, the rest read. */
export function documentHighlights(analysis: DocumentAnalysis, offset: number): DocumentHighlight[] {
  const index = analysis.index();
  const occurrence = index.at(offset);
  if (occurrence === undefined) return [];
  return index.occurrencesOf(occurrence.symbol).map((o) => ({
    range: rangeOf(analysis.document, o.name.loc),
    kind: o.role === "definition" ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
