/**
 * Questions about scopes and tags at a position, shared by completion and quick fixes: the
 * struct whose body holds an offset, the structs a type name there can name, and the next free
 * field and protocol tags.
 */
import type { SchemaAnalysis } from "../compile.ts";
import { BUILTIN_TYPES } from "../model/builtin-types.ts";
import type { StructInfo } from "../model/resolve.ts";
import type { FieldNode } from "../syntax/ast.ts";
import { numberValue } from "../syntax/number-literal.ts";

/**
 * The struct named by `path` (outermost first, as the braces before the cursor say) that holds
 * `offset`: the last struct of that name starting before it (its end may be unknown while the
 * user is typing in it).
 */
export function enclosingStruct(schema: SchemaAnalysis, path: readonly string[], offset: number): StructInfo | undefined {
  if (path.length === 0) return undefined;
  const name = path.join(".");
  let found: StructInfo | undefined;
  for (const s of schema.resolution.structs) {
    if (s.qualifiedName === name && s.node.loc.offset < offset && (found === undefined || s.node.loc.offset > found.node.loc.offset))
      found = s;
  }
  return found;
}

/** The innermost struct whose text (name to closing brace) holds `offset`. */
export function structAt(schema: SchemaAnalysis, offset: number): StructInfo | undefined {
  let best: StructInfo | undefined;
  for (const info of schema.resolution.structs) {
    if (info.node.loc.offset <= offset && offset < info.node.end && (best === undefined || info.node.loc.offset > best.node.loc.offset)) {
      best = info;
    }
  }
  return best;
}

/** The structs a field type at `offset` can name, innermost scope first, shadowed names dropped. */
export function visibleStructs(schema: SchemaAnalysis, owner: StructInfo | undefined, offset: number): StructInfo[] {
  const scopes: Array<readonly StructInfo[]> = [];
  for (let s = owner; s !== undefined; s = s.parent) scopes.push(s.children);
  scopes.push(schema.resolution.topLevel);
  const seen = new Set<string>();
  const out: StructInfo[] = [];
  for (const scope of scopes) {
    for (const info of [...scope].reverse()) {
      if (info.node.end > offset || seen.has(info.node.name.text) || BUILTIN_TYPES.has(info.node.name.text)) continue;
      seen.add(info.node.name.text);
      out.push(info);
    }
  }
  return out;
}

/** The fields declared directly in a struct. */
export function fieldsOf(info: StructInfo): FieldNode[] {
  return info.node.members.filter((m): m is FieldNode => m.kind === "field");
}

/** The tag a field typed at `offset` in `owner` can take: above every tag before it, below every tag after it. */
export function nextFieldTag(owner: StructInfo | undefined, offset: number): number | undefined {
  let before = 0;
  let after = Number.POSITIVE_INFINITY;
  for (const field of owner === undefined ? [] : fieldsOf(owner)) {
    const value = field.tag === undefined ? undefined : numberValue(field.tag.text);
    if (field.tag === undefined || value === undefined) continue;
    const end = field.tag.loc.offset + field.tag.loc.length;
    if (field.loc.offset <= offset && offset <= end) continue;
    if (end < offset) before = Math.max(before, value);
    else after = Math.min(after, value);
  }
  const tag = before + 1;
  return tag < after && tag <= 65535 ? tag : undefined;
}

/** The next protocol tag no top-level struct uses, spelled like the schema's others (hex unless they are decimal). */
export function nextProtocolTag(schema: SchemaAnalysis, offset: number): string {
  let max = 0;
  let hex = 0;
  let decimal = 0;
  for (const info of schema.resolution.topLevel) {
    const tag = info.node.protocolTag;
    const value = tag === undefined ? undefined : numberValue(tag.text);
    if (tag === undefined || value === undefined || (tag.loc.offset <= offset && offset <= tag.loc.offset + tag.loc.length)) continue;
    max = Math.max(max, value);
    if (/^0x/i.test(tag.text)) hex++;
    else decimal++;
  }
  const next = max + 1;
  return decimal > hex ? String(next) : `0x${next.toString(16).padStart(2, "0")}`;
}
