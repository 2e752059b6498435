/**
 * Converting between the compiler's locations (offsets into the text) and the protocol's
 * positions (0-based line and UTF-16 character). Both count UTF-16 code units, so an offset
 * maps through the document's own line table, whatever its line breaks.
 */
import type { Position, Range } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { SourceLocation } from "../diagnostics/source-location.ts";

/** The protocol range of a compiler location. */
export function rangeOf(document: TextDocument, loc: SourceLocation): Range {
  return rangeOfSpan(document, loc.offset, loc.offset + loc.length);
}

/** The protocol range of the text between two offsets. */
export function rangeOfSpan(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(Math.max(start, end)) };
}

/** The protocol range of a location from its line and column alone (for a file that is not open: a name never spans lines). */
export function rangeOfLineColumn(loc: SourceLocation): Range {
  const start = { line: loc.line - 1, character: loc.column - 1 };
  return { start, end: { line: start.line, character: start.character + loc.length } };
}

/**
 * The offset of a protocol position, or `undefined` when the position is outside the document
 * (a line past the last one, a character past the end of its line, negative numbers): such a
 * request gets an empty answer rather than one about the nearest text.
 */
export function offsetOf(document: TextDocument, position: Position | undefined): number | undefined {
  if (position === undefined || !Number.isInteger(position.line) || !Number.isInteger(position.character)) return undefined;
  if (position.line < 0 || position.character < 0 || position.line >= document.lineCount) return undefined;
  const lineStart = document.offsetAt({ line: position.line, character: 0 });
  const nextLine = position.line + 1 < document.lineCount ? document.offsetAt({ line: position.line + 1, character: 0 }) : undefined;
  const lineText = document
    .getText()
    .slice(lineStart, nextLine ?? document.getText().length)
    .replace(/\r?\n$|\r$/, "");
  if (position.character > lineText.length) return undefined;
  return lineStart + position.character;
}
