/**
 * AST → model: turns a parsed, resolved and error-free schema into the plain data of
 * `schema-model.ts`. Only called when the checks found no error, so every name resolves; a
 * field that still does not resolve (defensive) is skipped rather than guessed.
 */
import type { FieldNode, SchemaNode, ServiceNode } from "../syntax/ast.ts";
import type { FieldModel, MethodModel, SchemaModel, ServiceModel, StructModel } from "./schema-model.ts";
import { numberValue } from "../syntax/number-literal.ts";
import type { Resolution, StructInfo } from "./resolve.ts";
import { spanLocation } from "../syntax/locations.ts";

function buildField(field: FieldNode, owner: StructInfo, resolution: Resolution): FieldModel | undefined {
  const resolved = resolution.fieldType(field, owner);
  const tag = field.tag === undefined ? undefined : numberValue(field.tag.text);
  if (field.name === undefined || tag === undefined || resolved === undefined || resolved.kind === "unresolved") return undefined;
  const type =
    resolved.kind === "scalar"
      ? { kind: "scalar" as const, scalar: resolved.scalar, spelling: resolved.spelling, width: resolved.width }
      : { kind: "struct" as const, struct: resolved.target.qualifiedName };
  const end = field.tag === undefined ? field.loc.offset + 1 : field.tag.loc.offset + field.tag.loc.length;
  return {
    name: field.name.text,
    tag,
    type,
    shape: resolved.shape,
    ...(resolved.shape === "map" && resolved.key !== undefined ? { mapKey: resolved.key.text } : {}),
    ...(field.doc === undefined ? {} : { doc: field.doc }),
    loc: spanLocation(field.loc, end),
  };
}

function buildStruct(info: StructInfo, resolution: Resolution): StructModel {
  const fields: FieldModel[] = [];
  for (const member of info.node.members) {
    if (member.kind !== "field") continue;
    const built = buildField(member, info, resolution);
    if (built !== undefined) fields.push(built);
  }
  const tag = info.node.protocolTag === undefined ? 0 : (numberValue(info.node.protocolTag.text) ?? 0);
  return {
    name: info.node.name.text,
    qualifiedName: info.qualifiedName,
    ...(info.parent === undefined ? {} : { parent: info.parent.qualifiedName }),
    protocolTag: info.parent === undefined ? tag : 0,
    fields,
    nested: info.children.map((c) => c.qualifiedName),
    ...(info.node.doc === undefined ? {} : { doc: info.node.doc }),
    loc: info.node.loc,
  };
}

function buildService(service: ServiceNode, resolution: Resolution): ServiceModel {
  const methods: MethodModel[] = [];
  for (const method of service.methods) {
    const request = resolution.topLevelNamed(method.request.text);
    if (request === undefined) continue;
    const response = method.response === undefined ? undefined : resolution.topLevelNamed(method.response.text);
    const cmd = request.node.protocolTag === undefined ? 0 : (numberValue(request.node.protocolTag.text) ?? 0);
    methods.push({
      name: method.request.text,
      request: request.qualifiedName,
      ...(response === undefined ? {} : { response: response.qualifiedName }),
      cmd,
      ...(method.doc === undefined ? {} : { doc: method.doc }),
      loc: method.loc,
    });
  }
  return { name: service.name.text, methods, ...(service.doc === undefined ? {} : { doc: service.doc }), loc: service.loc };
}

/** Options for {@link buildModel}. */
export interface BuildModelOptions {
  readonly schema: SchemaNode;
  readonly resolution: Resolution;
}

/** Builds the checked model. Structs come in completion order (nested before parent): a dependency order. */
export function buildModel(options: BuildModelOptions): SchemaModel {
  const { schema, resolution } = options;
  return {
    file: schema.file,
    structs: resolution.structs.map((info) => buildStruct(info, resolution)),
    services: schema.items.flatMap((item) => (item.kind === "service" ? [buildService(item, resolution)] : [])),
  };
}
