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

/** A run of letters, marks, digits and `_` in any script, starting with a letter or `_`. */
const ANY_SCRIPT_NAME = /[\p{L}_][\p{L}\p{M}\p{N}_]*/uy;

/**
 * Start characters to hint for {@link NonAsciiName}: every code unit from 0x80 to 0xff and one per
 * block of 255 above (chevrotain's first-character optimisation keys code units above 255 by
 * `floor(code / 255)`), so the hint stays small and the lexer stays optimised.
 */
function nonAsciiStartHints(): string[] {
  const hints: string[] = [];
  for (let c = 0x80; c < 0x100; c++) hints.push(String.fromCharCode(c));
  for (let c = 0x100; c <= 0xffff; c += 255) hints.push(String.fromCharCode(c));
  return hints;
}

/**
 * A name with a character outside ASCII (`café`, `名前`): lexed as one name, in the {@link Name}
 * category (and {@link Name}'s longer alternative), so that the `invalid-name` check reports it
 * once — names are ASCII letters, digits and `_` — instead of an unexpected character followed by
 * syntax errors. Only a run holding a non-ASCII letter, mark or digit matches; other characters
 * (`→`, `😀`) stay unexpected characters.
 */
export const NonAsciiName: TokenType = createToken({
  name: "NonAsciiName",
  pattern: {
    exec(text: string, offset: number): RegExpExecArray | null {
      ANY_SCRIPT_NAME.lastIndex = offset;
      const match = ANY_SCRIPT_NAME.exec(text);
      return match !== null && /[^\u0000-\u007f]/.test(match[0]) ? match : null;
    },
  },
  line_breaks: false,
  start_chars_hint: nonAsciiStartHints(),
  categories: [Name],
  label: "a name",
});
// `caf` of `café` would match Name first: the longer NonAsciiName wins (set here: it is defined after Name).
(Name as TokenType & { LONGER_ALT?: TokenType[] }).LONGER_ALT = [NonAsciiName];

/**
 * `service`: a name that begins a service block only when followed by NAME `{`; it is
 * also in the {@link Name} category, so a struct or field named `service` still parses.
 */
export const ServiceKeyword: TokenType = createToken({
  name: "ServiceKeyword",
  pattern: /service/,
  longer_alt: [Name, NonAsciiName],
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
  NonAsciiName,
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
