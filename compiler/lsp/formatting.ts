/**
 * `textDocument/formatting`: `clusterc format`'s one canonical layout (`format/format-schema.ts`,
 * the same pure function the command runs), sent as one edit that replaces only the span from
 * the first to the last changed character — so the editor keeps the cursor and the marks outside
 * it, and an already formatted file gets no edit at all. Like `clusterc format`, it indents by
 * tabs whatever the editor's tab settings, and formats only a schema that parses: for a file with
 * syntax errors (the diagnostics show them) or over the size limit it answers no edit.
 */
import type { TextEdit } from "vscode-languageserver";
import { formatSchema } from "../format/format-schema.ts";
import type { DocumentAnalysis } from "./analysis.ts";

/** The edits that format the document: none when it is formatted already or cannot be formatted. */
export function formatting(analysis: DocumentAnalysis): TextEdit[] {
  if (analysis.schema === undefined) return [];
  const document = analysis.document;
  const before = document.getText();
  const result = formatSchema(before, analysis.file);
  if (!("text" in result) || result.text === before) return [];
  const after = result.text;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end])
    end++;
  // Never cut between the `\r` and `\n` of a CRLF (no document position lies there): widen the span instead.
  if (start > 0 && before[start - 1] === "\r" && before[start] === "\n") start--;
  if (end > 0 && before[before.length - end - 1] === "\r" && before[before.length - end] === "\n") end--;
  return [
    {
      range: { start: document.positionAt(start), end: document.positionAt(before.length - end) },
      newText: after.slice(start, after.length - end),
    },
  ];
}
