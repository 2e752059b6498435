/**
 * Where something is in a schema file: carried by every AST node, model element and
 * diagnostic. The lowest layer of the compiler: it imports nothing.
 */

/** A position in a schema file. Lines and columns are 1-based; `offset` is 0-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  /** Length in characters of the located token or construct (at least 1). */
  readonly length: number;
}
