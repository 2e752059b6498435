/**
 * The shape of a breaking-change rule: one stable code, the levels it reports at, and a
 * function over the compared schema sets that reports through a context (like `check/`).
 */
import type { SourceLocation } from "../diagnostics/source-location.ts";
import type { SchemaModel } from "../model/schema-model.ts";
import type { NamingStyle } from "../naming/ts-names.ts";
import type { BreakingLevel, Direction } from "./change.ts";
import type { FileComparison } from "./comparison.ts";

/** What a rule reports; the runner adds its code and merges the directions of equal reports. */
export interface ChangeReport {
  readonly level: BreakingLevel;
  /** The directions that break (wire changes); empty for source changes. */
  readonly directions: readonly Direction[];
  readonly message: string;
  readonly loc: SourceLocation;
}

/** What a rule sees and how it reports. */
export interface BreakingContext {
  /** Files present in both versions (and compiling in both), compared. */
  readonly files: readonly FileComparison[];
  /** Files of the old version that the new one lacks. */
  readonly removedFiles: readonly SchemaModel[];
  /** The generator's naming style: a rename that generates the same TypeScript name breaks nothing. */
  readonly naming: NamingStyle;
  report(change: ChangeReport): void;
}

/** One rule. */
export interface BreakingRule {
  /** Stable kebab-case code. */
  readonly code: string;
  /** The levels it reports at (some changes break the wire or only source, depending on where they are). */
  readonly levels: readonly BreakingLevel[];
  /** One line for the documentation's table. */
  readonly summary: string;
  run(ctx: BreakingContext): void;
}
