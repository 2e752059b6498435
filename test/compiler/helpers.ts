/**
 * Test helpers for the compiler front end: paths to the conformance vectors and a
 * compact view of diagnostics as `{ code, line, column }`.
 */
import { fileURLToPath } from "node:url";
import { compileSchema } from "../../compiler/compile.ts";
import type { Severity } from "../../compiler/diagnostics/diagnostic.ts";
import type { NamingStyle } from "../../compiler/naming/ts-names.ts";

/** The zproto conformance vectors carried by the repository (`conformance/vectors/zproto/`), as a directory path. */
export const ZPROTO_DIR: string = fileURLToPath(new URL("../../conformance/vectors/zproto/", import.meta.url));

/** The compiler fixtures of these tests. */
export const FIXTURES_DIR: string = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** The repository root. */
export const REPO_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** A diagnostic reduced to what tests assert. */
export interface Found {
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly severity: Severity;
}

/** Compiles `source` (for the generator's `naming`, default camel) and returns its diagnostics as {@link Found}s, in reported order. */
export function diagnose(source: string, naming?: NamingStyle): Found[] {
  return compileSchema(source, "test.zp", { naming }).diagnostics.map((d) => ({
    code: d.code,
    line: d.loc.line,
    column: d.loc.column,
    severity: d.severity,
  }));
}

/** Compiles `source` and returns only `{ code, line, column }` triples. */
export function codes(source: string, naming?: NamingStyle): { code: string; line: number; column: number }[] {
  return diagnose(source, naming).map(({ code, line, column }) => ({ code, line, column }));
}
