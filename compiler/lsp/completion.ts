/**
 * `textDocument/completion`: what fits at the cursor — type names visible there (structs of the
 * enclosing scopes completed before the cursor, innermost first, and the builtin types), map keys
 * (the scalar fields of the element struct), the next free field tag (above the tags before the
 * cursor and below those after it), the next free protocol tag, request and response structs in
 * a service, and snippets for a new field, struct or service.
 */
import { type CompletionItem, CompletionItemKind, InsertTextFormat } from "vscode-languageserver";
import type { SchemaAnalysis } from "../compile.ts";
import { BUILTIN_TYPES } from "../model/builtin-types.ts";
import type { StructInfo } from "../model/resolve.ts";
import { numberValue } from "../syntax/number-literal.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { type CursorContext, cursorContext } from "./cursor-context.ts";
import { scalarTsType } from "../gen/field-types.ts";
import { enclosingStruct, fieldsOf, nextFieldTag, nextProtocolTag, visibleStructs } from "./scope-queries.ts";

/** The canonical builtin names, offered before the older spellings (`integer`, `long`, …). */
const CANONICAL = new Set(["boolean", "int32", "uint32", "int64", "uint64", "float", "string", "blob"]);

function structItem(info: StructInfo, rank: string): CompletionItem {
  const tag = info.node.protocolTag?.text;
  return {
    label: info.node.name.text,
    kind: CompletionItemKind.Struct,
    detail: `struct ${info.qualifiedName}${tag === undefined ? "" : ` ${tag}`}`,
    sortText: `${rank}${info.node.name.text}`,
    ...(info.node.doc === undefined ? {} : { documentation: { kind: "markdown" as const, value: info.node.doc } }),
  };
}

function builtinItems(int64: "bigint" | "number"): CompletionItem[] {
  return [...BUILTIN_TYPES].map(([name, t]) => ({
    label: name,
    kind: CompletionItemKind.Keyword,
    detail: `builtin ${t.scalar}, ${t.width === 0 ? "u32 length + bytes" : `${t.width} byte${t.width === 1 ? "" : "s"}`}, TypeScript ${scalarTsType(t.scalar, int64)}`,
    sortText: `${CANONICAL.has(name) ? "1" : "2"}${name}`,
  }));
}

function snippet(label: string, detail: string, body: string, plain: string, snippets: boolean): CompletionItem {
  return {
    label,
    kind: CompletionItemKind.Snippet,
    detail,
    insertText: snippets ? body : plain,
    insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    sortText: `9${label}`,
  };
}

function mapKeyItems(schema: SchemaAnalysis, owner: StructInfo | undefined, element: string, offset: number): CompletionItem[] {
  const target = visibleStructs(schema, owner, offset).find((s) => s.node.name.text === element);
  if (target === undefined) return [];
  return fieldsOf(target).flatMap((f) => {
    const resolved = schema.resolution.fieldType(f, target);
    if (f.name === undefined || resolved?.kind !== "scalar" || resolved.shape !== "single") return [];
    return [
      {
        label: f.name.text,
        kind: CompletionItemKind.Field,
        detail: `${resolved.spelling} ${f.tag?.text ?? ""} of ${target.qualifiedName}`,
      },
    ];
  });
}

function serviceItems(schema: SchemaAnalysis, requests: boolean): CompletionItem[] {
  const used = new Set<string>();
  for (const item of schema.ast.items) if (item.kind === "service") for (const m of item.methods) used.add(m.request.text);
  return schema.resolution.topLevel.flatMap((info) => {
    const tag = info.node.protocolTag === undefined ? 0 : (numberValue(info.node.protocolTag.text) ?? 0);
    if (requests && tag === 0) return [];
    return [structItem(info, requests && used.has(info.node.name.text) ? "1" : "0")];
  });
}

function itemsFor(
  analysis: DocumentAnalysis,
  schema: SchemaAnalysis,
  context: CursorContext,
  offset: number,
  snippets: boolean,
): CompletionItem[] {
  const owner = enclosingStruct(schema, context.structPath, offset);
  const expect = context.expect;
  switch (expect.kind) {
    case "type":
      return [...visibleStructs(schema, owner, offset).map((s) => structItem(s, "0")), ...builtinItems(analysis.style.int64)];
    case "map-key":
      return mapKeyItems(schema, owner, expect.element, offset);
    case "field-tag": {
      const tag = nextFieldTag(owner, context.wordStart);
      const where = owner === undefined ? "" : ` of '${owner.qualifiedName}'`;
      return tag === undefined
        ? []
        : [{ label: String(tag), kind: CompletionItemKind.Value, detail: `next free field tag${where}`, sortText: "0" }];
    }
    case "protocol-tag": {
      const tag = nextProtocolTag(schema, offset);
      return [{ label: tag, kind: CompletionItemKind.Value, detail: "next free protocol tag (the wire cmd)", sortText: "0" }];
    }
    case "member": {
      const tag = nextFieldTag(owner, context.wordStart) ?? 1;
      const items = [
        snippet(".field", `a field with the next free tag, ${tag}`, `.\${1:name}:\${2:int32} ${tag}`, `.name:int32 ${tag}`, snippets),
      ];
      const hasFieldBefore = owner !== undefined && fieldsOf(owner).some((f) => f.loc.offset < offset);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: LSP snippet syntax, not a template
      const body = "${1:name} {\n\t$0\n}";
      if (!hasFieldBefore) items.push(snippet("struct", "a nested struct", body, "name {\n}", snippets));
      return items;
    }
    case "top-level": {
      const tag = nextProtocolTag(schema, offset);
      return [
        { label: "service", kind: CompletionItemKind.Keyword, detail: "a service block: methods by request struct", sortText: "0service" },
        snippet(
          "struct",
          `a top-level struct with the next free protocol tag, ${tag}`,
          `\${1:name} \${2:${tag}} {\n\t$0\n}`,
          `name ${tag} {\n}`,
          snippets,
        ),
        snippet(
          "service block",
          "a service with one method",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: LSP snippet syntax, not a template
          "service ${1:name} {\n\t${2:request} -> ${3:response}\n}",
          "service name {\n}",
          snippets,
        ),
      ];
    }
    case "request":
      return serviceItems(schema, true);
    case "response":
      return serviceItems(schema, false);
    case "none":
      return [];
  }
}

/** The completion items at `offset`; `snippets` when the client takes snippet syntax. */
export function completion(analysis: DocumentAnalysis, offset: number, snippets: boolean): CompletionItem[] {
  const schema = analysis.schema;
  if (schema === undefined) return [];
  const context = cursorContext(analysis.document.getText(), offset);
  return itemsFor(analysis, schema, context, offset, snippets);
}
