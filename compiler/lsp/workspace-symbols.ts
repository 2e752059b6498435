/**
 * `workspace/symbol`: the structs and services of every schema in the workspace — the open
 * documents as edited, the other `.zp` files as on disk — whose name matches the query (its
 * characters in order, ignoring case, as editors filter), best matches first.
 */
import { type SymbolInformation, SymbolKind } from "vscode-languageserver";
import type { SchemaAnalysis } from "../compile.ts";
import type { SourceLocation } from "../diagnostics/source-location.ts";

/** At most this many symbols are returned. */
export const MAX_WORKSPACE_SYMBOLS = 500;

/** A schema to search, with how to turn its locations into ranges. */
export interface SymbolSource {
  readonly uri: string;
  readonly schema: SchemaAnalysis;
  readonly rangeOf: (loc: SourceLocation) => SymbolInformation["location"]["range"];
}

/** A score for how well `name` matches `query` (lower is better), or undefined when it does not. */
export function matchScore(name: string, query: string): number | undefined {
  if (query === "") return 0;
  const n = name.toLowerCase();
  const q = query.toLowerCase();
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  if (n.includes(q)) return 2;
  let at = 0;
  for (const ch of q) {
    at = n.indexOf(ch, at);
    if (at < 0) return undefined;
    at++;
  }
  return 3;
}

/** The matching symbols of `sources`, best first, at most {@link MAX_WORKSPACE_SYMBOLS}. */
export function workspaceSymbols(sources: readonly SymbolSource[], query: string): SymbolInformation[] {
  const found: Array<{ score: number; symbol: SymbolInformation }> = [];
  const add = (source: SymbolSource, name: string, kind: SymbolKind, loc: SourceLocation, container?: string): void => {
    const score = matchScore(name, query);
    if (score === undefined) return;
    const symbol: SymbolInformation = { name, kind, location: { uri: source.uri, range: source.rangeOf(loc) } };
    found.push({ score, symbol: container === undefined ? symbol : { ...symbol, containerName: container } });
  };
  for (const source of sources) {
    for (const info of source.schema.resolution.structs) {
      add(source, info.node.name.text, SymbolKind.Struct, info.node.name.loc, info.parent?.qualifiedName);
    }
    for (const item of source.schema.ast.items)
      if (item.kind === "service") add(source, item.name.text, SymbolKind.Interface, item.name.loc);
  }
  found.sort((a, b) => a.score - b.score || a.symbol.name.localeCompare(b.symbol.name));
  return found.slice(0, MAX_WORKSPACE_SYMBOLS).map((f) => f.symbol);
}
