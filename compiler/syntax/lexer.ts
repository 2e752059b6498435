/**
 * The schema lexer: chevrotain token types and one shared lexer instance.
 *
 * Lexing is deliberately permissive where a precise diagnostic beats a vague one:
 * names may start with `_` and have any length, numbers may carry a sign, a leading
 * zero or trailing letters. The checks then report `invalid-name`, `name-too-long`,
 * `negative-number`, `octal-number` and `invalid-number` at the exact token.
 */
import type { ILexingResult, TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.ts";

/** Spaces, tabs and line breaks between tokens (skipped). */
export const WhiteSpace: TokenType = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\f\v\r\n]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/** `#` to end of line; kept in the `comments` group so doc comments can be attached. */
export const Comment: TokenType = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments" });

/** `->` between a method's request and response. */
export const Arrow: TokenType = createToken({ name: "Arrow", pattern: /->/, label: "'->'" });

/** A number literal, read loosely (`-1`, `010`, `12ab` lex as one token and are judged by checks). */
export const NumberLiteral: TokenType = createToken({
  name: "NumberLiteral",
  pattern: /-?[0-9][0-9A-Za-z_]*/,
  label: "a number",
});

/** An identifier; `_` as first character is accepted here and rejected by the `invalid-name` check. */
export const Name: TokenType = createToken({ name: "Name", pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: "a name" });

/**
 * `service`: a name that begins a service block only when followed by NAME `{`; it is
 * also in the {@link Name} category, so a struct or field named `service` still parses.
 */
export const ServiceKeyword: TokenType = createToken({
  name: "ServiceKeyword",
  pattern: /service/,
  longer_alt: Name,
  categories: [Name],
  label: "'service'",
});

/** `{` */
export const LBrace: TokenType = createToken({ name: "LBrace", pattern: /\{/, label: "'{'" });
/** `}` */
export const RBrace: TokenType = createToken({ name: "RBrace", pattern: /\}/, label: "'}'" });
/** `[` */
export const LBracket: TokenType = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
/** `]` */
export const RBracket: TokenType = createToken({ name: "RBracket", pattern: /\]/, label: "']'" });
/** `.` starting a field. */
export const Dot: TokenType = createToken({ name: "Dot", pattern: /\./, label: "'.'" });
/** `:` between a field's name and type. */
export const Colon: TokenType = createToken({ name: "Colon", pattern: /:/, label: "':'" });

/** Every token type, in matching priority order. */
export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  Comment,
  Arrow,
  NumberLiteral,
  ServiceKeyword,
  Name,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Dot,
  Colon,
];

const lexer = new Lexer([...ALL_TOKENS], { positionTracking: "full", ensureOptimizations: false });

/** Tokenizes a schema; lexing errors (unexpected characters) are in the result's `errors`. */
export function tokenize(source: string): ILexingResult {
  return lexer.tokenize(source);
}
