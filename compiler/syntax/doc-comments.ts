/**
 * Doc comments: `#` lines directly above a struct, field, service or method become its
 * `doc`. A comment counts only when it is alone on its line, the block must touch the
 * construct (a blank line in between detaches it, e.g. a file header comment), and the
 * construct must begin its line (in `a { .x:int32 1 }` the comment above is `a`'s, not
 * `x`'s) — so a layout that puts every construct on a line of its own keeps every doc.
 */
import type { IToken } from "chevrotain";
import type { SourceLocation } from "../diagnostics/source-location.ts";

/** Options for {@link createDocLookup}. */
export interface DocLookupOptions {
  /** The lexer's `comments` group. */
  readonly comments: readonly IToken[];
  readonly source: string;
}

/** Returns a function giving the doc text for a construct starting at `at`, if any. */
export function createDocLookup(options: DocLookupOptions): (at: SourceLocation) => string | undefined {
  const byLine = new Map<number, string>();
  for (const comment of options.comments) {
    const line = comment.startLine;
    if (line === undefined || !Number.isFinite(line)) continue;
    const lineStart = options.source.lastIndexOf("\n", comment.startOffset - 1) + 1;
    if (options.source.slice(lineStart, comment.startOffset).trim() !== "") continue;
    byLine.set(line, comment.image.replace(/^#\s?/, "").trimEnd());
  }
  return ({ line, offset }) => {
    const lineStart = options.source.lastIndexOf("\n", offset - 1) + 1;
    if (options.source.slice(lineStart, offset).trim() !== "") return undefined;
    const lines: string[] = [];
    for (let l = line - 1; byLine.has(l); l--) lines.unshift(byLine.get(l) ?? "");
    const text = lines.join("\n").trim();
    return text === "" ? undefined : text;
  };
}
