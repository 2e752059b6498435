/**
 * A compiler diagnostic, shared by every stage of the pipeline: its shape, and building,
 * ordering and counting diagnostics. (Printing them lives in `format.ts`.)
 */
import type { SourceLocation } from "./source-location.ts";

/** How bad a diagnostic is: errors stop code generation, warnings do not. */
export type Severity = "error" | "warning";

/** Another place a diagnostic refers to ("first defined here"), with a short note. */
export interface RelatedLocation {
  readonly loc: SourceLocation;
  readonly message: string;
}

/** One located problem found in a schema. */
export interface Diagnostic {
  readonly severity: Severity;
  /** Stable kebab-case code, one per check: `tag-not-ascending`, `unknown-type`, … */
  readonly code: string;
  /** Human-readable message, without location. */
  readonly message: string;
  readonly loc: SourceLocation;
  /** Other places the message names (the first definition of a duplicate, …); absent when none. */
  readonly related?: readonly RelatedLocation[];
}

/** Options for {@link createDiagnostic}. */
export interface DiagnosticInit {
  readonly code: string;
  readonly message: string;
  readonly loc: SourceLocation;
  /** Defaults to `error`. */
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
}

/** Creates a diagnostic (an error unless told otherwise); `related` is kept only when not empty. */
export function createDiagnostic(init: DiagnosticInit): Diagnostic {
  const d = { severity: init.severity ?? "error", code: init.code, message: init.message, loc: init.loc };
  return init.related === undefined || init.related.length === 0 ? d : { ...d, related: init.related };
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Counts of errors and warnings. */
export interface DiagnosticCounts {
  readonly errors: number;
  readonly warnings: number;
}

/** Counts errors and warnings. */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return { errors, warnings: diagnostics.length - errors };
}

/** Sorts by file, then position (stable, so checks keep their order at one position), and drops exact repeats. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const key = `${d.loc.file}\0${d.loc.offset}\0${d.code}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => (a.loc.file === b.loc.file ? a.loc.offset - b.loc.offset : a.loc.file < b.loc.file ? -1 : 1));
}
