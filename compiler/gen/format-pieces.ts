/**
 * Joining prettier's output of a module formatted in pieces. prettier formats top-level
 * statements independently: the only thing it carries from one statement to the next is
 * whether a blank line follows the previous statement (it keeps at most one). So when a
 * module is cut between top-level statements — each piece after the first starting with the
 * line break(s) that followed the previous statement — formatting the pieces separately and
 * joining them with that rule gives the bytes of prettier on the whole text, and the pieces
 * can be formatted in parallel (see `format-pool.ts`).
 */

/**
 * Whether prettier keeps a blank line before this piece: the rest of the previous
 * statement's line is empty and so is the next line.
 */
export function startsAfterBlankLine(piece: string): boolean {
  return /^[ \t\r]*\n[ \t\r]*\n/.test(piece);
}

/** One piece: its unformatted source and prettier's output for it. */
export interface FormattedPiece {
  readonly source: string;
  readonly formatted: string;
}

/** Joins formatted pieces the way prettier joins top-level statements. */
export function joinFormattedPieces(pieces: readonly FormattedPiece[]): string {
  let out = "";
  pieces.forEach((piece, i) => {
    if (i > 0 && startsAfterBlankLine(piece.source)) out += "\n";
    out += piece.formatted;
  });
  return out;
}
