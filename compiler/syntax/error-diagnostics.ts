/**
 * Lexing and parsing errors turned into located diagnostics, in one place. Tokens that
 * error recovery inserted, and the end-of-input token, have NaN positions: they are
 * anchored to the end of the file (which is where zproto reports "at end of input").
 */
import type { ILexingError, IRecognitionException, IToken } from "chevrotain";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { SourceLocation } from "../diagnostics/source-location.ts";
import { createEndLocation, createOffsetLocation, createTokenLocation, isRealToken } from "./locations.ts";

/** Options shared by the converters. */
export interface SyntaxSource {
  readonly file: string;
  readonly source: string;
}

function describeChars(text: string): string {
  const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
  const printable = shown.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return text.length === 1 ? `unexpected character '${printable}'` : `unexpected characters '${printable}'`;
}

/** `unexpected-character` diagnostics for the lexer's errors (located by the lexer's own line and column: no rescans). */
export function lexingDiagnostics(errors: readonly ILexingError[], src: SyntaxSource): Diagnostic[] {
  return errors.map((e) => {
    const text = src.source.substr(e.offset, e.length);
    const known = e.line !== undefined && e.column !== undefined && Number.isFinite(e.line) && Number.isFinite(e.column);
    const loc = known
      ? { file: src.file, line: e.line!, column: e.column!, offset: e.offset, length: Math.max(1, e.length) }
      : createOffsetLocation(src.file, src.source, e.offset, e.length);
    return createDiagnostic({ code: "unexpected-character", message: describeChars(text), loc });
  });
}

/** For errors at end of input: names the innermost `{` never closed, e.g. `'{' of 'a' at line 1 is never closed`. */
export function unclosedBraceHint(tokens: readonly IToken[]): string | undefined {
  const open: number[] = [];
  tokens.forEach((t, i) => {
    if (t.image === "{") open.push(i);
    else if (t.image === "}") open.pop();
  });
  const at = open.pop();
  if (at === undefined) return undefined;
  const before = tokens[at - 1];
  const owner = before?.tokenType.name === "NumberLiteral" ? tokens[at - 2] : before;
  const what = owner === undefined ? "" : ` of '${owner.image}'`;
  return `'{'${what} at line ${tokens[at]?.startLine ?? "?"} is never closed`;
}

/** `syntax-error` diagnostics for the parser's recognition errors; `tokens` lets end-of-input errors name the unclosed brace. */
export function parsingDiagnostics(
  errors: readonly IRecognitionException[],
  src: SyntaxSource,
  tokens: readonly IToken[] = [],
): Diagnostic[] {
  // Where the input ends and which brace is open there: computed once, however many errors point there.
  let end: { readonly loc: SourceLocation; readonly hint: string | undefined } | undefined;
  return errors.map((e) => {
    const atEnd = !isRealToken(e.token);
    if (atEnd) end ??= { loc: createEndLocation(src.file, src.source), hint: unclosedBraceHint(tokens) };
    const loc = atEnd && end !== undefined ? end.loc : createTokenLocation(e.token, { file: src.file, source: src.source });
    const hint = atEnd ? end?.hint : undefined;
    const message = (e.message || "syntax error") + (hint === undefined ? "" : ` (${hint})`);
    return createDiagnostic({ code: "syntax-error", message, loc });
  });
}
