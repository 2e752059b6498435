/**
 * Small AST walkers shared by the checks: every struct, every field with its owner,
 * every name, every number literal.
 */
import type { FieldNode, NameNode, NumberNode, SchemaNode, ServiceNode } from "../syntax/ast.ts";
import type { Resolution, StructInfo } from "../model/resolve.ts";

/** Calls `fn` for every struct (children before parents, as in {@link Resolution.structs}). */
export function forEachStruct(resolution: Resolution, fn: (info: StructInfo) => void): void {
  for (const info of resolution.structs) fn(info);
}

/** Calls `fn` for every field that the parser read completely enough to have a name. */
export function forEachField(resolution: Resolution, fn: (field: FieldNode, owner: StructInfo) => void): void {
  for (const owner of resolution.structs) {
    for (const member of owner.node.members) if (member.kind === "field") fn(member, owner);
  }
}

/** The fields declared directly in a struct, in order. */
export function fieldsOf(info: StructInfo): FieldNode[] {
  return info.node.members.filter((m): m is FieldNode => m.kind === "field");
}

/** The service blocks of a schema, in order. */
export function servicesOf(schema: SchemaNode): ServiceNode[] {
  return schema.items.filter((i): i is ServiceNode => i.kind === "service");
}

/** Calls `fn` for every name written in the schema (definitions and references). */
export function forEachName(schema: SchemaNode, resolution: Resolution, fn: (name: NameNode) => void): void {
  for (const info of resolution.structs) fn(info.node.name);
  forEachField(resolution, (field) => {
    if (field.name !== undefined) fn(field.name);
    if (field.type !== undefined) {
      fn(field.type.name);
      for (const suffix of field.type.suffixes) if (suffix.key !== undefined) fn(suffix.key);
    }
  });
  for (const service of servicesOf(schema)) {
    fn(service.name);
    for (const method of service.methods) {
      fn(method.request);
      if (method.response !== undefined) fn(method.response);
    }
  }
}

/** Calls `fn` for every number literal (protocol tags and field tags). */
export function forEachNumber(resolution: Resolution, fn: (num: NumberNode) => void): void {
  for (const info of resolution.structs) if (info.node.protocolTag !== undefined) fn(info.node.protocolTag);
  forEachField(resolution, (field) => {
    if (field.tag !== undefined) fn(field.tag);
  });
}
