/**
 * `textDocument/formatting`: the minimal re-indenting formatter of `reindent.ts`, as one text
 * edit per changed line (so the editor keeps the cursor and the undo stays small).
 */
import type { FormattingOptions, TextEdit } from "vscode-languageserver";
import type { DocumentAnalysis } from "./analysis.ts";
import { reindent } from "./reindent.ts";

/** The edits that format the document; none for a document over the size limit. */
export function formatting(analysis: DocumentAnalysis, options: FormattingOptions): TextEdit[] {
  if (analysis.schema === undefined) return [];
  const document = analysis.document;
  return reindent(document.getText(), options).map(({ line, text }) => {
    const start = { line, character: 0 };
    const next = line + 1 < document.lineCount ? document.offsetAt({ line: line + 1, character: 0 }) : document.getText().length;
    const lineText = document
      .getText()
      .slice(document.offsetAt(start), next)
      .replace(/(\r\n|\r|\n)$/, "");
    return { range: { start, end: { line, character: lineText.length } }, newText: text };
  });
}
