/**
 * One chunk lexed and parsed on its own, at its place in the file: its tokens are shifted to the
 * file's offsets and lines before parsing (a chunk starts at a line start, so columns never
 * change), and doc comments are looked up in the file's text. The result owns its AST and can be
 * moved in place when text before it grows or shrinks ({@link ParsedChunk.shift}), so an
 * unchanged chunk is never parsed twice. A chunk that does not read cleanly (a lexing or parsing
 * error, braces nested too deep) gives no result: the caller then compiles the whole file.
 */
import type { SourceLocation } from "../../diagnostics/source-location.ts";
import type { FieldNode, ServiceNode, StructNode, TopLevelNode } from "../../syntax/ast.ts";
import { createDocLookup } from "../../syntax/doc-comments.ts";
import { tokenize } from "../../syntax/lexer.ts";
import { checkNestingDepth } from "../../syntax/nesting-limit.ts";
import { parseTokens } from "../../syntax/parser.ts";
import type { TextChunk } from "./chunks.ts";

/** A chunk's parse, movable in place. */
export interface ParsedChunk {
  readonly text: string;
  /** Its offset and line in the file now. */
  readonly start: number;
  readonly line: number;
  readonly lineBreaks: number;
  readonly items: readonly TopLevelNode[];
  /** Moves the chunk and every location of its AST by `offset` characters and `lines` lines. */
  shift(offset: number, lines: number): void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Movable {
  readonly locs: Mutable<SourceLocation>[];
  readonly ends: Mutable<StructNode | ServiceNode>[];
}

function collectField(field: FieldNode, add: (loc: SourceLocation | undefined) => void): void {
  add(field.loc);
  add(field.name?.loc);
  add(field.tag?.loc);
  if (field.type === undefined) return;
  add(field.type.loc);
  add(field.type.name.loc);
  for (const suffix of field.type.suffixes) {
    add(suffix.loc);
    add(suffix.key?.loc);
  }
}

function collect(items: readonly TopLevelNode[]): Movable {
  const seen = new Set<SourceLocation>();
  const locs: Mutable<SourceLocation>[] = [];
  const ends: Mutable<StructNode | ServiceNode>[] = [];
  const add = (loc: SourceLocation | undefined): void => {
    if (loc === undefined || seen.has(loc)) return;
    seen.add(loc);
    locs.push(loc as Mutable<SourceLocation>);
  };
  const visitStruct = (node: StructNode): void => {
    ends.push(node as Mutable<StructNode>);
    add(node.loc);
    add(node.name.loc);
    add(node.protocolTag?.loc);
    for (const member of node.members) {
      if (member.kind === "struct") visitStruct(member);
      else collectField(member, add);
    }
  };
  for (const item of items) {
    if (item.kind === "struct") {
      visitStruct(item);
      continue;
    }
    ends.push(item as Mutable<ServiceNode>);
    add(item.loc);
    add(item.name.loc);
    for (const method of item.methods) {
      add(method.loc);
      add(method.request.loc);
      add(method.response?.loc);
    }
  }
  return { locs, ends };
}

/** Lexes and parses `chunk` of the file `source` (named `file`); undefined when it does not read cleanly. */
export function parseChunk(chunk: TextChunk, source: string, file: string): ParsedChunk | undefined {
  const lexed = tokenize(chunk.text);
  if (lexed.errors.length > 0) return undefined;
  const comments = lexed.groups["comments"] ?? [];
  for (const token of [...lexed.tokens, ...comments]) {
    token.startOffset += chunk.start;
    if (token.endOffset !== undefined) token.endOffset += chunk.start;
    if (token.startLine !== undefined) token.startLine += chunk.line;
    if (token.endLine !== undefined) token.endLine += chunk.line;
  }
  if (checkNestingDepth({ tokens: lexed.tokens, file, source }) !== undefined) return undefined;
  // The parser reads `source` only to place what it could not read (then the chunk is rejected)
  // and the end of the input (not used here): the chunk's own text spares scanning the whole file.
  const parsed = parseTokens({ tokens: lexed.tokens, file, source: chunk.text, docFor: createDocLookup({ comments, source }) });
  if (parsed.errors.length > 0) return undefined;
  const movable = collect(parsed.ast.items);
  let start = chunk.start;
  let line = chunk.line;
  return {
    text: chunk.text,
    get start() {
      return start;
    },
    get line() {
      return line;
    },
    lineBreaks: chunk.lineBreaks,
    items: parsed.ast.items,
    shift(offset, lines) {
      if (offset === 0 && lines === 0) return;
      start += offset;
      line += lines;
      for (const loc of movable.locs) {
        loc.offset += offset;
        loc.line += lines;
      }
      for (const node of movable.ends) node.end += offset;
    },
  };
}
