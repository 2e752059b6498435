/**
 * Where the cursor is, read from the tokens before it (the AST of a half-typed line is not to be
 * trusted): the blocks it is inside (structs by name, or a service) and what the statement being
 * typed expects next — a type name, a map key, a field tag, a protocol tag, a method's request or
 * response, or the start of a new member. Used by completion.
 */
import type { IToken } from "chevrotain";
import { tokenize } from "../syntax/lexer.ts";

/** What the cursor position expects. */
export type Expectation =
  /** Nothing to offer: inside a comment, a name being defined, … */
  | { readonly kind: "none" }
  /** The start of a top-level item: a struct or a service. */
  | { readonly kind: "top-level" }
  /** A struct's protocol tag, after the struct's name at the top level. */
  | { readonly kind: "protocol-tag" }
  /** The start of a struct member: a field or a nested struct. */
  | { readonly kind: "member" }
  /** A field's type. */
  | { readonly kind: "type" }
  /** A map key: a field of the element type `element`. */
  | { readonly kind: "map-key"; readonly element: string }
  /** A field's tag. */
  | { readonly kind: "field-tag" }
  /** A method's request struct (in a service). */
  | { readonly kind: "request" }
  /** A method's response struct (after `->`). */
  | { readonly kind: "response" };

/** The cursor's context: the enclosing blocks, outermost first, and what is expected. */
export interface CursorContext {
  /** Enclosing struct names, outermost first (empty at the top level or in a service). */
  readonly structPath: readonly string[];
  readonly inService: boolean;
  readonly expect: Expectation;
  /** The offset where the word being typed starts (the cursor itself when none). */
  readonly wordStart: number;
}

interface Block {
  readonly kind: "struct" | "service";
  readonly name: string;
}

const is = (token: IToken | undefined, name: string): boolean => token?.tokenType.name === name;
const isName = (token: IToken | undefined): boolean => is(token, "Name") || is(token, "ServiceKeyword");

/** The statement tokens since the last block boundary, and the block stack, for the tokens before the cursor. */
function scan(tokens: readonly IToken[]): { blocks: Block[]; statement: IToken[] } {
  const blocks: Block[] = [];
  let statement: IToken[] = [];
  for (const token of tokens) {
    const name = token.tokenType.name;
    if (name === "LBrace") {
      const header = statement.filter((t) => !is(t, "Dot"));
      const service = is(header[0], "ServiceKeyword") && header.length >= 2;
      blocks.push({
        kind: service ? "service" : "struct",
        name: service ? (header[1]?.image ?? "") : (statement.filter(isName).pop()?.image ?? ""),
      });
      statement = [];
    } else if (name === "RBrace") {
      blocks.pop();
      statement = [];
    } else if (name === "Dot") {
      statement = [token];
    } else {
      statement.push(token);
      // A complete field (`. NAME : TYPE … NUMBER`) ends its statement.
      if (name === "NumberLiteral" && is(statement[0], "Dot") && statement.some((t) => is(t, "Colon"))) statement = [];
    }
  }
  return { blocks, statement };
}

function inStruct(statement: readonly IToken[], typing: boolean): Expectation {
  if (!is(statement[0], "Dot")) return statement.length === 0 || (statement.length === 1 && typing) ? { kind: "member" } : { kind: "none" };
  const colon = statement.findIndex((t) => is(t, "Colon"));
  if (colon < 0) return { kind: "none" };
  const after = statement.slice(colon + 1);
  const typeName = after[0];
  if (after.length === 0 || (after.length === 1 && typing && isName(typeName))) return { kind: "type" };
  const open = after.findIndex((t) => is(t, "LBracket"));
  const close = after.findIndex((t) => is(t, "RBracket"));
  if (open >= 0 && close < 0) {
    const inside = after.slice(open + 1);
    return inside.length === 0 || (inside.length === 1 && typing) ? { kind: "map-key", element: typeName?.image ?? "" } : { kind: "none" };
  }
  const last = after[after.length - 1];
  if (is(last, "NumberLiteral") && typing) return { kind: "field-tag" };
  if (isName(last) || is(last, "RBracket")) return typing && isName(last) && after.length === 1 ? { kind: "type" } : { kind: "field-tag" };
  return { kind: "none" };
}

function inService(statement: readonly IToken[], typing: boolean): Expectation {
  const last = statement[statement.length - 1];
  const beforeLast = statement[statement.length - 2];
  if (is(last, "Arrow") || (typing && isName(last) && is(beforeLast, "Arrow"))) return { kind: "response" };
  return { kind: "request" };
}

function atTopLevel(statement: readonly IToken[], typing: boolean): Expectation {
  if (statement.length === 0 || (statement.length === 1 && typing && isName(statement[0]))) return { kind: "top-level" };
  if (is(statement[0], "ServiceKeyword")) return { kind: "none" };
  const tagTyping = statement.length === 2 && typing && is(statement[1], "NumberLiteral");
  if ((statement.length === 1 && isName(statement[0])) || tagTyping) return { kind: "protocol-tag" };
  return { kind: "none" };
}

/** The context of the cursor at `offset` in `source`. */
export function cursorContext(source: string, offset: number): CursorContext {
  const before = source.slice(0, offset);
  const lexed = tokenize(before);
  const comments = lexed.groups["comments"] ?? [];
  const lastComment = comments[comments.length - 1];
  const { blocks, statement } = scan(lexed.tokens);
  const lastToken = statement[statement.length - 1];
  const typing = lastToken !== undefined && lastToken.startOffset + lastToken.image.length === offset;
  const wordStart = typing ? lastToken.startOffset : offset;
  const inComment = lastComment !== undefined && lastComment.startOffset + lastComment.image.length === offset;
  const structPath = blocks.every((b) => b.kind === "struct") ? blocks.map((b) => b.name) : [];
  const service = blocks.some((b) => b.kind === "service");
  let expect: Expectation;
  if (inComment) expect = { kind: "none" };
  else if (service) expect = inService(statement, typing);
  else if (blocks.length > 0) expect = inStruct(statement, typing);
  else expect = atTopLevel(statement, typing);
  return { structPath, inService: service, expect, wordStart };
}
