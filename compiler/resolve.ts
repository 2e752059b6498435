/**
 * Name resolution over the AST, shared by the checks and by `build-model.ts`.
 *
 * zproto's rules: a field's type name is looked up in the current struct's nested
 * structs, then its parent's, … then the top level, innermost first (so a nested struct
 * shadows a top-level one inside its parent). A struct becomes visible only once it is
 * complete (its closing brace), which forbids forward and self references and keeps
 * nested structs invisible outside their parent. Builtin type names win over structs.
 */
import type { FieldNode, NameNode, SchemaNode, StructNode } from "./ast.ts";
import { BUILTIN_TYPES, specialArraySpelling } from "./builtin-types.ts";
import type { FieldShape, ScalarKind } from "./model.ts";
import { structTypeName } from "./type-names.ts";

/** A struct with its place in the nesting tree. */
export interface StructInfo {
  readonly node: StructNode;
  readonly parent?: StructInfo;
  /** `player.stats.buff` */
  readonly qualifiedName: string;
  /** The type name generated code uses: `Player_Stats_Buff`. */
  readonly generatedName: string;
  readonly children: StructInfo[];
}

/** Why a type name did not resolve to a visible struct. */
export type UnresolvedReason = "unknown" | "forward" | "self" | "nested-not-visible";

/** The resolved type of one field. */
export type FieldResolution =
  | { readonly kind: "scalar"; readonly scalar: ScalarKind; readonly spelling: string; readonly width: 0 | 1 | 2 | 4 | 8; readonly shape: FieldShape; readonly key?: NameNode }
  | { readonly kind: "struct"; readonly target: StructInfo; readonly shape: FieldShape; readonly key?: NameNode }
  | { readonly kind: "unresolved"; readonly reason: UnresolvedReason; readonly name: NameNode; readonly candidate?: StructInfo };

/** Resolution results for a whole schema. */
export interface Resolution {
  /** Every struct, in completion order (children before their parent): a dependency order. */
  readonly structs: readonly StructInfo[];
  /** Top-level structs in source order. */
  readonly topLevel: readonly StructInfo[];
  /** The info of a struct node. */
  infoOf(node: StructNode): StructInfo | undefined;
  /** The resolved type of a field of `owner`; `undefined` when the parser could not read the type. */
  fieldType(field: FieldNode, owner: StructInfo): FieldResolution | undefined;
}

function indexStructs(schema: SchemaNode): { all: StructInfo[]; top: StructInfo[] } {
  const all: StructInfo[] = [];
  const visit = (node: StructNode, parent: StructInfo | undefined): StructInfo => {
    const qualifiedName = parent === undefined ? node.name.text : `${parent.qualifiedName}.${node.name.text}`;
    const generatedName = structTypeName(qualifiedName);
    const info: StructInfo = { node, parent, qualifiedName, generatedName, children: [] };
    for (const member of node.members) if (member.kind === "struct") info.children.push(visit(member, info));
    all.push(info);
    return info;
  };
  const top: StructInfo[] = [];
  for (const item of schema.items) if (item.kind === "struct") top.push(visit(item, undefined));
  return { all, top };
}

interface LookupFailure {
  readonly reason: UnresolvedReason;
  readonly candidate?: StructInfo;
}

function lookup(name: string, owner: StructInfo, at: number, top: readonly StructInfo[]): StructInfo | LookupFailure {
  const scopes: (readonly StructInfo[])[] = [];
  for (let s: StructInfo | undefined = owner; s !== undefined; s = s.parent) scopes.push(s.children);
  scopes.push(top);
  for (const scope of scopes) {
    const found = scope.filter((s) => s.node.name.text === name && s.node.end <= at).pop();
    if (found !== undefined) return found;
  }
  for (let s: StructInfo | undefined = owner; s !== undefined; s = s.parent) {
    if (s.node.name.text === name) return { reason: "self", candidate: s };
  }
  for (const scope of scopes) {
    const later = scope.find((s) => s.node.name.text === name);
    if (later !== undefined) return { reason: "forward", candidate: later };
  }
  return { reason: "unknown" };
}

/** Resolves every name of a parsed schema. */
export function createResolution(schema: SchemaNode): Resolution {
  const { all, top } = indexStructs(schema);
  const byNode = new Map<StructNode, StructInfo>(all.map((s) => [s.node, s]));
  const cache = new Map<FieldNode, FieldResolution | undefined>();

  const resolve = (field: FieldNode, owner: StructInfo): FieldResolution | undefined => {
    const type = field.type;
    if (type === undefined) return undefined;
    const name = type.name.text;
    const first = type.suffixes[0];
    const special = specialArraySpelling(name);
    if (special !== undefined && type.suffixes.length === 1 && first?.key === undefined) {
      return { kind: "scalar", ...special, spelling: `${name}[]`, shape: "single" };
    }
    const shape: FieldShape = first === undefined ? "single" : first.key === undefined ? "array" : "map";
    const key = first?.key;
    const builtin = BUILTIN_TYPES.get(name);
    if (builtin !== undefined) return { kind: "scalar", ...builtin, spelling: name, shape, key };
    const found = lookup(name, owner, type.loc.offset, top);
    if ("node" in found) return { kind: "struct", target: found, shape, key };
    if (found.reason === "unknown") {
      const elsewhere = all.find((s) => s.node.name.text === name);
      if (elsewhere !== undefined) return { kind: "unresolved", reason: "nested-not-visible", name: type.name, candidate: elsewhere };
    }
    return { kind: "unresolved", reason: found.reason, name: type.name, candidate: found.candidate };
  };

  return {
    structs: all,
    topLevel: top,
    infoOf: (node) => byNode.get(node),
    fieldType(field, owner) {
      if (!cache.has(field)) cache.set(field, resolve(field, owner));
      return cache.get(field);
    },
  };
}
