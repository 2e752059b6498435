/**
 * `textDocument/hover`: for the name under the cursor, its doc comment, its type and tag, what
 * it costs on the wire, and the TypeScript `clusterc gen` makes of it (in the document's naming
 * style: `delay_ms` is the property `delayMs` by default). Structs answer for their
 * definition, field types and service methods (with their `[errors idempotent]` options); fields
 * for their definition and map keys; builtin types and services for themselves; option names and
 * error codes through `option-hover.ts`.
 */
import type { Hover } from "vscode-languageserver";
import type { SchemaAnalysis } from "../compile.ts";
import type { StructInfo } from "../model/resolve.ts";
import { numberValue } from "../syntax/number-literal.ts";
import type { FieldNode, ServiceNode } from "../syntax/ast.ts";
import { propKey } from "../gen/names.ts";
import { scalarTsType } from "../gen/field-types.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { type GeneratedNames, generatedNamesOf } from "./generated-names.ts";
import { rangeOf } from "./positions.ts";
import type { Occurrence, SchemaSymbol } from "./symbol-index.ts";
import { describeFieldWire, describeStructWire } from "./wire-size.ts";
import { optionHoverAt } from "./option-hover.ts";
import { methodHas } from "../model/method-options.ts";
import type { GenStyle } from "./workspace-config.ts";
import type { ServiceExportNames } from "../naming/ts-names.ts";

function hex(value: number): string {
  return `0x${value.toString(16).padStart(2, "0")}`;
}

function withDoc(head: string, doc: string | undefined, facts: readonly string[]): string {
  const parts = [head];
  if (doc !== undefined && doc !== "") parts.push(doc);
  parts.push(facts.map((f) => `- ${f}`).join("\n"));
  return parts.join("\n\n");
}

function structHover(schema: SchemaAnalysis, generated: GeneratedNames, info: StructInfo): string {
  const names = generated.struct(info);
  const tag = info.node.protocolTag === undefined ? 0 : (numberValue(info.node.protocolTag.text) ?? 0);
  const head = `**struct \`${info.qualifiedName}\`**${tag !== 0 ? ` — protocol tag \`${hex(tag)}\` (its wire cmd)` : ""}`;
  const ts = [`\`interface ${names.type}\``];
  if (info.parent === undefined) ts.push(`codec \`${names.type}\``);
  if (names.tagConst !== undefined) ts.push(`tag constant \`${names.tagConst}\``);
  return withDoc(head, info.node.doc, [`**TypeScript:** ${ts.join(", ")}`, `**Wire:** ${describeStructWire(info, schema.resolution)}`]);
}

function typeSpelling(field: FieldNode): string {
  const type = field.type;
  if (type === undefined) return "?";
  return type.name.text + type.suffixes.map((s) => `[${s.key?.text ?? ""}]`).join("");
}

function fieldHover(schema: SchemaAnalysis, names: GeneratedNames, int64: GenStyle["int64"], field: FieldNode, owner: StructInfo): string {
  const name = field.name?.text ?? "?";
  const resolved = schema.resolution.fieldType(field, owner);
  const tag = field.tag === undefined ? "?" : (numberValue(field.tag.text) ?? field.tag.text);
  const head = `**field \`${name}\`** of \`${owner.qualifiedName}\` — \`${typeSpelling(field)}\`, tag \`${tag}\``;
  const facts: string[] = [];
  if (resolved !== undefined && resolved.kind !== "unresolved") {
    const element = resolved.kind === "struct" ? names.struct(resolved.target).type : scalarTsType(resolved.scalar, int64);
    const type = resolved.shape === "single" ? element : `${element}[]`;
    const map = resolved.shape === "map" ? ` (a map keyed by \`${resolved.key?.text ?? "?"}\`, as an array)` : "";
    facts.push(
      `**TypeScript:** \`${propKey(names.member(name))}?: ${type} | undefined\` in \`interface ${names.struct(owner).type}\`${map}`,
    );
  }
  const wire = describeFieldWire(resolved);
  if (wire !== undefined) facts.push(`**Wire:** ${wire}; the name is not sent`);
  return withDoc(head, field.doc, facts);
}

/** `; errors …` naming a service's error exports (empty when no method declares errors). */
function errorExports(errors: ServiceExportNames["errors"]): string {
  if (errors === undefined) return "";
  const codes = errors.codes === undefined ? "" : `codes \`${errors.codes}\`, `;
  return `; errors: ${codes}code type \`${errors.codeType}\`, guard \`${errors.guard}\``;
}

function serviceHover(names: GeneratedNames, service: ServiceNode): string {
  const n = names.service(service.name.text);
  const count = service.methods.length;
  return withDoc(`**service \`${service.name.text}\`** — ${count} method${count === 1 ? "" : "s"}`, service.doc, [
    `**TypeScript:** descriptor \`${n.descriptor}\`, client \`${n.client}\` (\`${n.createClient}\`), handler \`${n.handler}\` (\`${n.serve}\`)${errorExports(n.errors)}`,
    "**Wire:** service and method names are not sent; a call carries its request's protocol tag (cmd)",
  ]);
}

function builtinHover(symbol: Extract<SchemaSymbol, { kind: "builtin" }>, int64: GenStyle["int64"]): string {
  const { spelling, scalar, width } = symbol.type;
  const same = spelling === scalar ? "" : ` (zproto's \`${scalar}\`)`;
  const wire = width === 0 ? "a u32 length + the bytes" : `${width} byte${width === 1 ? "" : "s"}, little-endian`;
  const ts = scalarTsType(scalar, int64);
  const wide = scalar === "int64" || scalar === "uint64";
  const other = !wide
    ? ""
    : int64 === "bigint"
      ? " (`number` with `gen.int64: number`)"
      : " (range-checked; `bigint` with `gen.int64: bigint`)";
  return withDoc(`**builtin type \`${spelling}\`**${same}`, undefined, [`**TypeScript:** \`${ts}\`${other}`, `**Wire:** ${wire}`]);
}

function methodLine(names: GeneratedNames, occurrence: Occurrence): string | undefined {
  const m = occurrence.method;
  if (m === undefined) return undefined;
  let shape =
    m.method.response === undefined ? `one-way \`${m.method.request.text}\`` : `\`${m.method.request.text} -> ${m.method.response.text}\``;
  if (m.method.request !== occurrence.name) return `response of ${shape} in service \`${m.service.name.text}\`:`;
  const service = names.service(m.service.name.text);
  const member = names.member(m.method.request.text);
  const options = (["errors", "idempotent"] as const).filter((o) => methodHas(m.service, m.method, o));
  if (options.length > 0) shape += ` [${options.join(" ")}]`;
  return `**method** ${shape} of service \`${m.service.name.text}\` (TypeScript: \`${member}\` of \`${service.client}\` and \`${service.handler}\`) — request:`;
}

/** The markdown hover text for an occurrence; the generated TypeScript as `style` makes it. */
export function hoverText(schema: SchemaAnalysis, occurrence: Occurrence, style: GenStyle): string {
  const symbol = occurrence.symbol;
  const names = generatedNamesOf(schema, style.naming);
  switch (symbol.kind) {
    case "struct": {
      const text = structHover(schema, names, symbol.info);
      const method = methodLine(names, occurrence);
      return method === undefined ? text : `${method}\n\n${text}`;
    }
    case "field":
      return fieldHover(schema, names, style.int64, symbol.field, symbol.owner);
    case "service":
      return serviceHover(names, symbol.service);
    case "builtin":
      return builtinHover(symbol, style.int64);
  }
}

/** Answers a hover at `offset`; null when no name is there. */
export function hover(analysis: DocumentAnalysis, offset: number): Hover | null {
  if (analysis.schema === undefined) return null;
  const option = optionHoverAt(analysis.schema, generatedNamesOf(analysis.schema, analysis.style.naming), offset);
  if (option !== undefined) {
    return { contents: { kind: "markdown", value: option.text }, range: rangeOf(analysis.document, option.name.loc) };
  }
  const occurrence = analysis.index().at(offset);
  if (occurrence === undefined) return null;
  return {
    contents: { kind: "markdown", value: hoverText(analysis.schema, occurrence, analysis.style) },
    range: rangeOf(analysis.document, occurrence.name.loc),
  };
}
