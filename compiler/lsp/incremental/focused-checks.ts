/**
 * The checks split for incremental analysis. A *focusable* check reports only at the constructs
 * it visits — the structs, fields, names and numbers of the part of the schema it is shown — and
 * looks everything else up through the resolution (field types, top-level names, nesting), so
 * run over one chunk's structs (with the whole schema's resolution) it reports exactly what it
 * reports there in a run over the whole schema. Every other check is *global* (it compares items
 * across the file: duplicates, protocol tags, case clashes, services, an empty schema) and always
 * runs over the whole schema. A check not listed here is global: a new check is safe by default.
 */
import { ALL_CHECKS, type Check } from "../../check/index.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Resolution, StructInfo } from "../../model/resolve.ts";
import type { SchemaNode, StructNode, TopLevelNode } from "../../syntax/ast.ts";
import { runChecks } from "../../check/index.ts";

/** The codes of the focusable checks (see the module comment); each was read for it. */
export const FOCUSABLE_CODES: ReadonlySet<string> = new Set([
  "invalid-name",
  "name-too-long",
  "negative-number",
  "octal-number",
  "invalid-number",
  "protocol-tag-on-nested",
  "number-out-of-range",
  "field-before-struct",
  "duplicate-field",
  "tag-out-of-range",
  "duplicate-tag",
  "tag-not-ascending",
  "array-of-array",
  "unknown-type",
  "forward-reference",
  "self-reference",
  "nested-not-visible",
  "map-key-on-scalar",
  "map-key-missing",
  "map-key-not-scalar",
  "map-key-is-array",
  "large-protocol-tag",
  "large-field-tag",
  "builtin-type-name",
]);

/** The focusable checks, in {@link ALL_CHECKS} order. */
export const FOCUSABLE_CHECKS: readonly Check[] = ALL_CHECKS.filter((c) => FOCUSABLE_CODES.has(c.code));

/** The global checks, in {@link ALL_CHECKS} order. */
export const GLOBAL_CHECKS: readonly Check[] = ALL_CHECKS.filter((c) => !FOCUSABLE_CODES.has(c.code));

function structNodes(items: readonly TopLevelNode[]): Set<StructNode> {
  const out = new Set<StructNode>();
  const visit = (node: StructNode): void => {
    out.add(node);
    for (const member of node.members) if (member.kind === "struct") visit(member);
  };
  for (const item of items) if (item.kind === "struct") visit(item);
  return out;
}

/** Runs the focusable checks over `items` only, looking names up in the whole schema's `resolution`. */
export function runFocusedChecks(schema: SchemaNode, resolution: Resolution, items: readonly TopLevelNode[]): Diagnostic[] {
  const nodes = structNodes(items);
  const inFocus = (s: StructInfo): boolean => nodes.has(s.node);
  const focused: Resolution = {
    structs: resolution.structs.filter(inFocus),
    topLevel: resolution.topLevel.filter(inFocus),
    infoOf: (node) => resolution.infoOf(node),
    topLevelNamed: (name) => resolution.topLevelNamed(name),
    fieldType: (field, owner) => resolution.fieldType(field, owner),
  };
  return runChecks({ schema: { ...schema, items }, resolution: focused, hasSyntaxErrors: false, checks: FOCUSABLE_CHECKS });
}
