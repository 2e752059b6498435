/**
 * Printing a generated module's ts-morph statement structures as text, lazily and in
 * pieces cut between top-level statements (for `UnformattedModule.pieces`). Statements are
 * printed in batches with ts-morph's `printStructure` (no project, no parse of the result);
 * between two batches it puts the line break ts-morph itself would put there (a blank line
 * or not — all prettier keeps of it), found by printing the two neighbours together.
 */
import { createRequire } from "node:module";
import type * as TsMorph from "ts-morph";
import type { StatementStructures } from "ts-morph";
import { startsAfterBlankLine } from "./format-pieces.ts";

/** ts-morph through `require` (see `generated-file.ts`). */
const { printStructure, StructureKind } = createRequire(import.meta.url)("ts-morph") as typeof TsMorph;

/** Statements printed per `printStructure` call (fewer per call only cost more calls). */
const BATCH_STATEMENTS = 128;

/**
 * The first piece is this many times smaller than the others, and printed in batches this
 * many times smaller: the formatter gets its first piece sooner and is busy from then on.
 */
const FIRST_PIECE_DIVISOR = 8;

/** Options of {@link printModulePieces}. */
export interface PrintPiecesOptions {
  /** First line of the module (the `// @generated …` header), without newline. */
  readonly header: string;
  readonly statements: readonly StatementStructures[];
  /** Each piece but the last has at least this many characters (the first: an eighth of it). */
  readonly minChars: number;
}

function printStatements(statements: readonly StatementStructures[]): string {
  return printStructure({ kind: StructureKind.SourceFile, statements: [...statements] });
}

/** The text ts-morph puts between `prev` and `next` when they follow each other: "\n\n" or "\n". */
function separatorBetween(prev: StatementStructures, next: StatementStructures): string {
  const alone = printStatements([prev]).trimEnd();
  return startsAfterBlankLine(printStatements([prev, next]).slice(alone.length)) ? "\n\n" : "\n";
}

/**
 * Yields the module as pieces: the header and a blank line, then the statements. A piece
 * ends right after a statement and the next one starts with the line break(s) that follow
 * it, as `format-pieces.ts` expects; the concatenation is the whole module.
 */
export function* printModulePieces(options: PrintPiecesOptions): Generator<string, void, undefined> {
  const { statements } = options;
  let piece = `${options.header}\n\n`;
  let first = true;
  for (let start = 0; start < statements.length; ) {
    const batch = first ? Math.ceil(BATCH_STATEMENTS / FIRST_PIECE_DIVISOR) : BATCH_STATEMENTS;
    const text = printStatements(statements.slice(start, start + batch)).trimEnd();
    const prev = statements[start - 1];
    const next = statements[start];
    if (prev !== undefined && next !== undefined) {
      const separator = separatorBetween(prev, next);
      if (piece.length >= (first ? Math.ceil(options.minChars / FIRST_PIECE_DIVISOR) : options.minChars)) {
        yield piece;
        first = false;
        piece = separator;
      } else piece += separator;
    }
    piece += text;
    start += batch;
  }
  yield `${piece}\n`;
}
