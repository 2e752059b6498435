/**
 * The shape of a check: one rule over the AST with one stable code, reporting through
 * a context (graphql-js's validation rules, in miniature).
 */
import type { SchemaNode } from "../syntax/ast.ts";
import type { RelatedLocation, Severity } from "../diagnostics/diagnostic.ts";
import type { SourceLocation } from "../diagnostics/source-location.ts";
import type { Resolution } from "../model/resolve.ts";
import type { NamingStyle } from "../naming/ts-names.ts";

/** What a check sees and how it reports. */
export interface CheckContext {
  readonly schema: SchemaNode;
  readonly resolution: Resolution;
  /** True when lexing or parsing failed: parts of the file may be missing from the AST. */
  readonly hasSyntaxErrors: boolean;
  /** How generated code will name fields and methods (checks report names that clash after conversion). */
  readonly naming: NamingStyle;
  /** Reports a finding with the check's own code and severity; `related` names the other places the message mentions. */
  report(loc: SourceLocation, message: string, related?: readonly RelatedLocation[]): void;
}

/** One check: a stable kebab-case code, its severity, and the rule itself. */
export interface Check {
  readonly code: string;
  readonly severity: Severity;
  /** One line for the README's table of codes and `--help`-style listings. */
  readonly summary: string;
  run(ctx: CheckContext): void;
}
