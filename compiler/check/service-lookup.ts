/**
 * Struct lookup for service blocks. Services are not encoded, so — unlike field types —
 * they may name top-level structs defined anywhere in the file, before or after the
 * service block. Nested structs are never messages.
 */
import type { NameNode, SchemaNode } from "../syntax/ast.ts";
import type { Resolution, StructInfo } from "../model/resolve.ts";
import { servicesOf } from "./walk.ts";

/** The first nested struct of each name, per resolution (built on first use). */
const nestedIndexes = new WeakMap<Resolution, ReadonlyMap<string, StructInfo>>();

/** The first top-level struct with this name, if any. */
export function findTopLevel(resolution: Resolution, name: string): StructInfo | undefined {
  return resolution.topLevelNamed(name);
}

/** The first nested struct with this name anywhere, if any (for "not top-level" messages). */
export function findNested(resolution: Resolution, name: string): StructInfo | undefined {
  let index = nestedIndexes.get(resolution);
  if (index === undefined) {
    const nested = new Map<string, StructInfo>();
    for (const s of resolution.structs) if (s.parent !== undefined && !nested.has(s.node.name.text)) nested.set(s.node.name.text, s);
    index = nested;
    nestedIndexes.set(resolution, index);
  }
  return index.get(name);
}

/** One method reference: the service and the method's request and response names. */
export interface MethodRef {
  readonly service: string;
  readonly request: NameNode;
  readonly response?: NameNode;
}

/** Every method of every service, in source order. */
export function allMethods(schema: SchemaNode): MethodRef[] {
  return servicesOf(schema).flatMap((s) => s.methods.map((m) => ({ service: s.name.text, request: m.request, response: m.response })));
}
