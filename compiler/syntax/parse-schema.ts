/**
 * Source text → tokens, comments and AST, with the syntax diagnostics of lexing and parsing:
 * the front of the pipeline shared by the compiler (`compile.ts`) and the formatter
 * (`format/`), which also needs the comments and token positions.
 */
import type { IToken } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { SchemaNode } from "./ast.ts";
import { createDocLookup } from "./doc-comments.ts";
import { lexingDiagnostics, parsingDiagnostics } from "./error-diagnostics.ts";
import { tokenize } from "./lexer.ts";
import { checkNestingDepth } from "./nesting-limit.ts";
import { parseTokens } from "./parser.ts";

/** A parsed schema; `syntax` holds the lexing and parsing errors (the AST is partial when there are any). */
export interface ParsedSchema {
  readonly ast: SchemaNode;
  readonly tokens: readonly IToken[];
  /** The `#` comments, in source order. */
  readonly comments: readonly IToken[];
  readonly syntax: readonly Diagnostic[];
}

/** Parses `source`; a schema nested too deeply to parse safely gives only that diagnostic. */
export function parseSchema(source: string, file: string): ParsedSchema | { readonly tooDeep: Diagnostic } {
  const lexed = tokenize(source);
  const tooDeep = checkNestingDepth({ tokens: lexed.tokens, file, source });
  if (tooDeep !== undefined) return { tooDeep };
  const comments = lexed.groups["comments"] ?? [];
  const docFor = createDocLookup({ comments, source });
  const parsed = parseTokens({ tokens: lexed.tokens, file, source, docFor });
  const syntax = [
    ...lexingDiagnostics(lexed.errors, { file, source }),
    ...parsingDiagnostics(parsed.errors, { file, source }, lexed.tokens),
  ];
  return { ast: parsed.ast, tokens: lexed.tokens, comments, syntax };
}
