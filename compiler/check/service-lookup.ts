/**
 * Struct lookup for service blocks. Services are not encoded, so — unlike field types —
 * they may name top-level structs defined anywhere in the file, before or after the
 * service block. Nested structs are never messages.
 */
import type { NameNode, SchemaNode } from "../ast.ts";
import type { Resolution, StructInfo } from "../resolve.ts";
import { servicesOf } from "./walk.ts";

/** The first top-level struct with this name, if any. */
export function findTopLevel(resolution: Resolution, name: string): StructInfo | undefined {
  return resolution.topLevel.find((s) => s.node.name.text === name);
}

/** The first nested struct with this name anywhere, if any (for "not top-level" messages). */
export function findNested(resolution: Resolution, name: string): StructInfo | undefined {
  return resolution.structs.find((s) => s.parent !== undefined && s.node.name.text === name);
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
