/**
 * Name resolution over the AST, shared by the checks and by `build.ts`.
 *
 * zproto's rules: a field's type name is looked up in the current struct's nested
 * structs, then its parent's, … then the top level, innermost first (so a nested struct
 * shadows a top-level one inside its parent). A struct becomes visible only once it is
 * complete (its closing brace), which forbids forward and self references and keeps
 * nested structs invisible outside their parent. Builtin type names win over structs.
 */
import type { FieldNode, NameNode, SchemaNode, StructNode } from "../syntax/ast.ts";
import { BUILTIN_TYPES, specialArraySpelling } from "./builtin-types.ts";
import type { FieldShape, ScalarKind } from "./schema-model.ts";
import { structTypeName } from "../naming/ts-names.ts";

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
  | {
      readonly kind: "scalar";
      readonly scalar: ScalarKind;
      readonly spelling: string;
      readonly width: 0 | 1 | 2 | 4 | 8;
      readonly shape: FieldShape;
      readonly key?: NameNode;
    }
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
  /** The first top-level struct with this name, wherever it is in the file (for services). */
  topLevelNamed(name: string): StructInfo | undefined;
  /** The resolved type of a field of `owner`; `undefined` when the parser could not read the type. */
  fieldType(field: FieldNode, owner: StructInfo): FieldResolution | undefined;
}

function indexStructs(schema: SchemaNode): { all: StructInfo[]; top: StructInfo[] } {
  const all: StructInfo[] = [];
  const visit = (node: StructNode, parent: StructInfo | undefined): StructInfo => {
    const qualifiedName = parent === undefined ? node.name.text : `${parent.qualifiedName}.${node.name.text}`;
    let generatedName: string | undefined;
    const info: StructInfo = {
      node,
      parent,
      qualifiedName,
      // Computed on first read: most analyses never need it (the language server re-resolves on every edit).
      get generatedName() {
        generatedName ??= structTypeName(qualifiedName);
        return generatedName;
      },
      children: [],
    };
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

/** Structs of one list by name, each name's structs in list order. */
type NameIndex = ReadonlyMap<string, readonly StructInfo[]>;

function indexByName(structs: readonly StructInfo[]): NameIndex {
  const index = new Map<string, StructInfo[]>();
  for (const s of structs) {
    const list = index.get(s.node.name.text);
    if (list === undefined) index.set(s.node.name.text, [s]);
    else list.push(s);
  }
  return index;
}

/**
 * The name index of a scope (a struct's children or the top level), built on first use:
 * with it a lookup costs the same in a schema of ten structs or of thousands.
 */
function scopeIndex(cache: WeakMap<readonly StructInfo[], NameIndex>, scope: readonly StructInfo[]): NameIndex {
  let index = cache.get(scope);
  if (index === undefined) {
    index = indexByName(scope);
    cache.set(scope, index);
  }
  return index;
}

function lookup(
  name: string,
  owner: StructInfo,
  at: number,
  top: readonly StructInfo[],
  indexes: WeakMap<readonly StructInfo[], NameIndex>,
): StructInfo | LookupFailure {
  const scopes: NameIndex[] = [];
  for (let s: StructInfo | undefined = owner; s !== undefined; s = s.parent) scopes.push(scopeIndex(indexes, s.children));
  scopes.push(scopeIndex(indexes, top));
  for (const scope of scopes) {
    // The last struct of that name completed before the reference.
    const named = scope.get(name) ?? [];
    for (let i = named.length - 1; i >= 0; i--) {
      const candidate = named[i]!;
      if (candidate.node.end <= at) return candidate;
    }
  }
  for (let s: StructInfo | undefined = owner; s !== undefined; s = s.parent) {
    if (s.node.name.text === name) return { reason: "self", candidate: s };
  }
  for (const scope of scopes) {
    const later = scope.get(name)?.[0];
    if (later !== undefined) return { reason: "forward", candidate: later };
  }
  return { reason: "unknown" };
}

/** Resolves every name of a parsed schema. */
export function createResolution(schema: SchemaNode): Resolution {
  const { all, top } = indexStructs(schema);
  const byNode = new Map<StructNode, StructInfo>(all.map((s) => [s.node, s]));
  const cache = new Map<FieldNode, FieldResolution | undefined>();
  const indexes = new WeakMap<readonly StructInfo[], NameIndex>();

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
    const found = lookup(name, owner, type.loc.offset, top, indexes);
    if ("node" in found) return { kind: "struct", target: found, shape, key };
    if (found.reason === "unknown") {
      const elsewhere = scopeIndex(indexes, all).get(name)?.[0];
      if (elsewhere !== undefined) return { kind: "unresolved", reason: "nested-not-visible", name: type.name, candidate: elsewhere };
    }
    return { kind: "unresolved", reason: found.reason, name: type.name, candidate: found.candidate };
  };

  return {
    structs: all,
    topLevel: top,
    infoOf: (node) => byNode.get(node),
    topLevelNamed: (name) => scopeIndex(indexes, top).get(name)?.[0],
    fieldType(field, owner) {
      if (!cache.has(field)) cache.set(field, resolve(field, owner));
      return cache.get(field);
    },
  };
}
