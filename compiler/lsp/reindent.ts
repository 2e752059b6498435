/**
 * The language server's minimal formatter: it re-indents each line by its brace depth (one
 * indent unit per enclosing `{`, a line starting with `}` one less) and drops trailing blanks,
 * and changes nothing else — no token moves, no line is joined or split, comments keep their
 * text. Braces are counted on the lexer's tokens, so a `{` inside a comment does not count,
 * and text the lexer rejects stays as written. Safe on a schema with errors: an unbalanced
 * brace only shifts the indentation of the lines after it. (The schema toolchain's `clusterc
 * format` will replace it once it lands; until then this is the formatting the server offers.)
 */
import { tokenize } from "../syntax/lexer.ts";

/** How to indent: the editor's `insertSpaces` and `tabSize`. */
export interface IndentOptions {
  readonly insertSpaces: boolean;
  readonly tabSize: number;
}

/** A replaced line: its 0-based number and its new text (without the line break). */
export interface LineEdit {
  readonly line: number;
  readonly text: string;
}

/** The line edits that re-indent `source`; empty when it is already formatted. */
export function reindent(source: string, options: IndentOptions): LineEdit[] {
  const lines = source.split(/\r\n|\r|\n/);
  const opens = new Array<number>(lines.length).fill(0);
  const closes = new Array<number>(lines.length).fill(0);
  const leadingClose = new Array<boolean>(lines.length).fill(false);
  const seen = new Set<number>();
  for (const token of tokenize(source).tokens) {
    const line = (token.startLine ?? 1) - 1;
    const name = token.tokenType.name;
    if (!seen.has(line)) {
      seen.add(line);
      leadingClose[line] = name === "RBrace";
    }
    if (name === "LBrace") opens[line]!++;
    else if (name === "RBrace") closes[line]!++;
  }
  const unit = options.insertSpaces ? " ".repeat(Math.max(1, Math.min(16, options.tabSize))) : "\t";
  const edits: LineEdit[] = [];
  let depth = 0;
  for (let i = 0; i < lines.length; i++) {
    const original = lines[i]!;
    const content = original.trim();
    const level = Math.max(0, depth - (leadingClose[i] ? 1 : 0));
    const text = content === "" ? "" : unit.repeat(level) + content;
    if (text !== original) edits.push({ line: i, text });
    depth = Math.max(0, depth + opens[i]! - closes[i]!);
  }
  return edits;
}
