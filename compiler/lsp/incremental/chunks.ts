/**
 * A schema's text cut into chunks for incremental analysis: each chunk ends just after the line
 * break of a line whose last code is a top-level `}` (a comment may follow it on that line), so
 * every chunk holds whole lines and whole top-level items, with the comments above an item in
 * that item's chunk. The last chunk runs to the end of the text. Braces inside comments do not
 * count. A chunk's tokens are exactly the file's tokens in its range, so lexing or parsing it alone
 * gives what the whole file gives there (when it reads cleanly).
 */

/** One chunk: its text and where it starts. */
export interface TextChunk {
  readonly text: string;
  /** Offset of its first character in the file. */
  readonly start: number;
  /** 0-based line of its first character. */
  readonly line: number;
  /** Number of line breaks in it. */
  readonly lineBreaks: number;
}

/** Cuts `text` into chunks (at least one, possibly empty). */
export function splitChunks(text: string): TextChunk[] {
  const out: TextChunk[] = [];
  let depth = 0;
  let start = 0;
  let line = 0;
  let breaks = 0;
  /** True after a top-level `}` until the end of its line, unless code follows it there. */
  let closing = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 35 /* # */) {
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13) i++;
    } else if (ch === 10 || ch === 13) {
      if (ch === 13 && text.charCodeAt(i + 1) === 10) i++;
      breaks++;
      if (closing) {
        out.push({ text: text.slice(start, i + 1), start, line, lineBreaks: breaks });
        start = i + 1;
        line += breaks;
        breaks = 0;
        closing = false;
      }
    } else if (ch === 123 /* { */) {
      depth++;
      closing = false;
    } else if (ch === 125 /* } */) {
      depth = Math.max(0, depth - 1);
      closing = depth === 0;
    } else if (ch !== 32 && ch !== 9 && ch !== 12 && ch !== 11) {
      closing = false;
    }
  }
  out.push({ text: text.slice(start), start, line, lineBreaks: breaks });
  return out;
}
