/**
 * Turning token positions into {@link SourceLocation}s, including the tokens that
 * chevrotain's error recovery inserts (their positions are NaN): those are anchored to
 * the previous real token, or to the end of the file.
 */
import type { IToken } from "chevrotain";
import type { SourceLocation } from "../diagnostics/source-location.ts";

/** Where a file ends: the line and column just past its last character. */
export function createEndLocation(file: string, source: string): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    if (ch === 10 || (ch === 13 && source.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { file, line, column: source.length - lineStart + 1, offset: source.length, length: 1 };
}

/** True when the token has a real position (not one invented by error recovery or EOF). */
export function isRealToken(token: IToken | undefined): token is IToken {
  return (
    token !== undefined &&
    token.isInsertedInRecovery !== true &&
    Number.isFinite(token.startOffset) &&
    Number.isFinite(token.startLine) &&
    Number.isFinite(token.startColumn)
  );
}

/** Options for {@link createTokenLocation}. */
export interface TokenLocationOptions {
  readonly file: string;
  readonly source: string;
  /** The last real token before this one, used when `token` has no position. */
  readonly previous?: IToken;
}

/** The location of a token; a positionless token is anchored just after `previous` or at the end of the file. */
export function createTokenLocation(token: IToken | undefined, options: TokenLocationOptions): SourceLocation {
  if (isRealToken(token)) {
    return {
      file: options.file,
      line: token.startLine ?? 1,
      column: token.startColumn ?? 1,
      offset: token.startOffset,
      length: Math.max(1, token.image.length),
    };
  }
  const prev = options.previous;
  if (isRealToken(prev) && prev.endLine !== undefined && prev.endColumn !== undefined) {
    return { file: options.file, line: prev.endLine, column: prev.endColumn + 1, offset: prev.startOffset + prev.image.length, length: 1 };
  }
  return createEndLocation(options.file, options.source);
}

/** A location spanning from `start` to the end offset `end` (exclusive), reported on the start's line. */
export function spanLocation(start: SourceLocation, end: number): SourceLocation {
  return { ...start, length: Math.max(1, end - start.offset) };
}

/** The location of `offset` in `source` (line and column computed by scanning; tabs count as one column). */
export function createOffsetLocation(file: string, source: string, offset: number, length: number): SourceLocation {
  const clamped = Math.max(0, Math.min(offset, source.length));
  const end = createEndLocation(file, source.slice(0, clamped));
  return { file, line: end.line, column: end.column, offset: clamped, length: Math.max(1, length) };
}
