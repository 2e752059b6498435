/**
 * The shape of a compiler diagnostic, shared by every stage of the pipeline.
 * (Formatting and collection live in `diagnostics.ts`.)
 */
import type { SourceLocation } from "./model.ts";

/** How bad a diagnostic is: errors stop code generation, warnings do not. */
export type Severity = "error" | "warning";

/** One located problem found in a schema. */
export interface Diagnostic {
  readonly severity: Severity;
  /** Stable kebab-case code, one per check: `tag-not-ascending`, `unknown-type`, … */
  readonly code: string;
  /** Human-readable message, without location. */
  readonly message: string;
  readonly loc: SourceLocation;
}
