/**
 * The checks split for incremental analysis.
 *
 * A *focusable* check reports only at the constructs it visits — the structs, fields, names and
 * numbers of the part of the schema it is shown — and looks everything else up through the
 * resolution (field types, top-level names, nesting). Run over one chunk's structs, with the
 * whole schema's resolution, it reports exactly what a run over the whole schema reports there.
 *
 * Every other check is *global*: it compares items across the file (duplicate names and protocol
 * tags, struct and service name clashes, services, an empty schema) and reads only what
 * `skeleton.ts` keeps of each chunk, so while every chunk's skeleton stays the same its findings
 * stay the same too. `case-clash` and `name-clash` are both: their field parts are focusable,
 * their struct, service and method parts are global. A check not listed as focusable is global: a new check is safe by default
 * (and test/lsp/incremental.test.ts compares the result with the whole-file compile).
 */
import { ALL_CHECKS, type Check, runChecks } from "../../check/index.ts";
import { reportFieldNameClashes, reportServiceNameClashes, reportStructNameClashes } from "../../check/case-clash.ts";
import { reportFieldsNamedAlike, reportMethodsNamedAlike } from "../../check/name-clash.ts";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { Resolution, StructInfo } from "../../model/resolve.ts";
import type { NamingStyle } from "../../naming/ts-names.ts";
import type { SchemaNode, StructNode, TopLevelNode } from "../../syntax/ast.ts";

/** The codes of the focusable checks (see the module comment); each was read for it. */
const FOCUSABLE_CODES: ReadonlySet<string> = new Set([
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

/** A check split in two: the part that reports at fields (focusable) and the rest (global). */
interface SplitCheck {
  readonly focusable: Check["run"];
  readonly global: Check["run"];
}

const SPLIT: ReadonlyMap<string, SplitCheck> = new Map([
  [
    "case-clash",
    {
      focusable: reportFieldNameClashes,
      global: (ctx) => {
        reportStructNameClashes(ctx);
        reportServiceNameClashes(ctx);
      },
    },
  ],
  ["name-clash", { focusable: reportFieldsNamedAlike, global: reportMethodsNamedAlike }],
]);

/** The focusable checks (and the field parts of the split checks), in {@link ALL_CHECKS} order. */
export const FOCUSABLE_CHECKS: readonly Check[] = ALL_CHECKS.flatMap((c) => {
  const split = SPLIT.get(c.code);
  return split !== undefined ? [{ ...c, run: split.focusable }] : FOCUSABLE_CODES.has(c.code) ? [c] : [];
});

/** The global checks (and the other parts of the split checks), in {@link ALL_CHECKS} order. */
export const GLOBAL_CHECKS: readonly Check[] = ALL_CHECKS.flatMap((c) => {
  const split = SPLIT.get(c.code);
  return split !== undefined ? [{ ...c, run: split.global }] : FOCUSABLE_CODES.has(c.code) ? [] : [c];
});

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
export function runFocusedChecks(
  schema: SchemaNode,
  resolution: Resolution,
  items: readonly TopLevelNode[],
  naming: NamingStyle,
): Diagnostic[] {
  const nodes = structNodes(items);
  const inFocus = (s: StructInfo): boolean => nodes.has(s.node);
  const focused: Resolution = {
    structs: resolution.structs.filter(inFocus),
    topLevel: resolution.topLevel.filter(inFocus),
    infoOf: (node) => resolution.infoOf(node),
    topLevelNamed: (name) => resolution.topLevelNamed(name),
    fieldType: (field, owner) => resolution.fieldType(field, owner),
  };
  return runChecks({ schema: { ...schema, items }, resolution: focused, hasSyntaxErrors: false, naming, checks: FOCUSABLE_CHECKS });
}
