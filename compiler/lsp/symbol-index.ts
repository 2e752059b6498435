/**
 * Every name written in a schema, each tied to what it names: the occurrences that hover,
 * go-to-definition, find-references, highlights and rename answer from. A struct is named by
 * its definition, by field types and by service methods (request and response); a field by its
 * definition and by map keys (`.items:item[id]` names field `id` of `item`); a service by its
 * definition only. A type name that resolves to no visible struct but has a candidate (a forward
 * or self reference, a nested struct used outside its parent) still points at that candidate,
 * so the user can jump to it and a rename keeps it in step.
 */
import type { SchemaAnalysis } from "../compile.ts";
import type { FieldResolution, StructInfo } from "../model/resolve.ts";
import type { FieldNode, MethodNode, NameNode, ServiceNode } from "../syntax/ast.ts";

/** What a name stands for. */
export type SchemaSymbol =
  | { readonly kind: "struct"; readonly info: StructInfo }
  | { readonly kind: "field"; readonly field: FieldNode; readonly name: NameNode; readonly owner: StructInfo }
  | { readonly kind: "service"; readonly service: ServiceNode }
  | { readonly kind: "builtin"; readonly type: Extract<FieldResolution, { kind: "scalar" }> };

/** One written name and the symbol it stands for. */
export interface Occurrence {
  readonly name: NameNode;
  readonly symbol: SchemaSymbol;
  readonly role: "definition" | "reference";
  /** Set when the name is a method's request or response in a service block. */
  readonly method?: { readonly service: ServiceNode; readonly method: MethodNode };
}

/** The occurrences of one analysis, sorted by offset. */
export interface SymbolIndex {
  readonly occurrences: readonly Occurrence[];
  /** The occurrence under `offset` (a cursor just after a name still touches it). */
  at(offset: number): Occurrence | undefined;
  /** Every occurrence of the symbol, its definition included, in file order. */
  occurrencesOf(symbol: SchemaSymbol): Occurrence[];
  /** The definition of the symbol (absent for builtin types). */
  definitionOf(symbol: SchemaSymbol): Occurrence | undefined;
}

/** The node that identifies a symbol (two symbols are the same when their keys are). */
export function symbolKey(symbol: SchemaSymbol): object | string {
  switch (symbol.kind) {
    case "struct":
      return symbol.info.node;
    case "field":
      return symbol.field;
    case "service":
      return symbol.service;
    case "builtin":
      return `builtin:${symbol.type.spelling}`;
  }
}

function fieldSymbol(owner: StructInfo, name: string): SchemaSymbol | undefined {
  for (const member of owner.node.members) {
    if (member.kind === "field" && member.name?.text === name) return { kind: "field", field: member, name: member.name, owner };
  }
  return undefined;
}

function collect(analysis: SchemaAnalysis): Occurrence[] {
  const { ast, resolution } = analysis;
  const out: Occurrence[] = [];
  for (const info of resolution.structs) {
    out.push({ name: info.node.name, symbol: { kind: "struct", info }, role: "definition" });
    for (const member of info.node.members) {
      if (member.kind !== "field") continue;
      if (member.name !== undefined) {
        out.push({ name: member.name, symbol: { kind: "field", field: member, name: member.name, owner: info }, role: "definition" });
      }
      const resolved = resolution.fieldType(member, info);
      if (resolved === undefined || member.type === undefined) continue;
      const target = resolved.kind === "struct" ? resolved.target : resolved.kind === "unresolved" ? resolved.candidate : undefined;
      if (target !== undefined) out.push({ name: member.type.name, symbol: { kind: "struct", info: target }, role: "reference" });
      if (resolved.kind === "scalar") out.push({ name: member.type.name, symbol: { kind: "builtin", type: resolved }, role: "reference" });
      const key = resolved.kind === "unresolved" ? undefined : resolved.key;
      const keyField = key !== undefined && resolved.kind === "struct" ? fieldSymbol(resolved.target, key.text) : undefined;
      if (key !== undefined && keyField !== undefined) out.push({ name: key, symbol: keyField, role: "reference" });
    }
  }
  for (const item of ast.items) {
    if (item.kind !== "service") continue;
    out.push({ name: item.name, symbol: { kind: "service", service: item }, role: "definition" });
    for (const method of item.methods) {
      for (const name of method.response === undefined ? [method.request] : [method.request, method.response]) {
        const info = resolution.topLevelNamed(name.text);
        if (info !== undefined) out.push({ name, symbol: { kind: "struct", info }, role: "reference", method: { service: item, method } });
      }
    }
  }
  return out.sort((a, b) => a.name.loc.offset - b.name.loc.offset);
}

/** Indexes the names of an analysis. */
export function createSymbolIndex(analysis: SchemaAnalysis): SymbolIndex {
  const occurrences = collect(analysis);
  const occurrencesOf = (symbol: SchemaSymbol): Occurrence[] => {
    const key = symbolKey(symbol);
    return occurrences.filter((o) => symbolKey(o.symbol) === key);
  };
  return {
    occurrences,
    at(offset) {
      // The last occurrence starting at or before the offset, if the offset is within or just after it.
      let lo = 0;
      let hi = occurrences.length - 1;
      let found: Occurrence | undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const o = occurrences[mid]!;
        if (o.name.loc.offset <= offset) {
          found = o;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return found !== undefined && offset <= found.name.loc.offset + found.name.text.length ? found : undefined;
    },
    occurrencesOf,
    definitionOf: (symbol) => occurrencesOf(symbol).find((o) => o.role === "definition"),
  };
}
