/**
 * Printing diagnostics: the text form for people and the JSON form for tools
 * (`clusterc check --format json`).
 *
 * Text form (like gcc and protoc):
 *
 *     schema.zp:3:11: error[tag-not-ascending]: tag 1 of field 'y' is smaller than …
 *     	.y:int32 1
 *     	         ^
 *
 * The source line is printed as is and the caret line keeps its tabs and counts wide
 * characters twice, so the caret lines up in any terminal. Columns are 1-based and count
 * UTF-16 units (a tab is one).
 */
import { countDiagnostics, type Diagnostic, type Severity } from "./diagnostic.ts";
import { blankOut, displayWidth } from "./display-width.ts";

/** The text of 1-based line `line` of `source`, without its line break ("" past the end). */
export function sourceLine(source: string, line: number): string {
  const lines = source.split(/\r\n|\r|\n/);
  return lines[line - 1] ?? "";
}

/**
 * The caret line under a source line: `^` at `column`, `~` over the rest of the located token.
 * `column` and `length` count UTF-16 units, as locations do; the caret line counts terminal
 * columns, so it stays aligned under wide characters (CJK takes two columns, a combining mark none).
 */
export function caretLine(text: string, column: number, length: number): string {
  const start = Math.max(0, column - 1);
  const before = blankOut(text.slice(0, start));
  const pad = before.padEnd(before.length + Math.max(0, start - text.length), " ");
  const token = text.slice(start, start + Math.max(1, length));
  const width = Math.max(1, displayWidth(token));
  return `${pad}^${"~".repeat(width - 1)}`;
}

/** The first line of a diagnostic: `file:line:col: severity[code]: message`. */
export function formatDiagnosticHeader(d: Diagnostic): string {
  return `${d.loc.file}:${d.loc.line}:${d.loc.column}: ${d.severity}[${d.code}]: ${d.message}`;
}

/** The full text form: header, source line and caret line (the last two omitted when `sourceText` is undefined). */
export function formatDiagnostic(d: Diagnostic, sourceText: string | undefined): string {
  const header = formatDiagnosticHeader(d);
  if (sourceText === undefined) return header;
  const text = sourceLine(sourceText, d.loc.line);
  return `${header}\n${text}\n${caretLine(text, d.loc.column, d.loc.length)}`;
}

/** One diagnostic in the JSON form of `clusterc check --format json`. */
export interface JsonDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
}

/** Flattens a diagnostic for JSON output. */
export function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  const { file, line, column, offset, length } = d.loc;
  return { file, line, column, offset, length, severity: d.severity, code: d.code, message: d.message };
}

/** The whole JSON document printed by `clusterc check --format json`. */
export interface JsonReport {
  readonly files: readonly string[];
  readonly errors: number;
  readonly warnings: number;
  readonly diagnostics: readonly JsonDiagnostic[];
}

/** Builds the JSON report for a set of checked files. */
export function createJsonReport(files: readonly string[], diagnostics: readonly Diagnostic[]): JsonReport {
  return { files, ...countDiagnostics(diagnostics), diagnostics: diagnostics.map(toJsonDiagnostic) };
}
