/**
 * The front end in one call: source text → lexer → parser → resolution → checks →
 * model. Never throws: an unexpected failure becomes an `internal-error` diagnostic.
 * {@link compileSchema} is what code generation uses; {@link analyzeSchema} also hands out
 * the AST and the name resolution, even for a schema with errors (the language server
 * answers from them while the user types).
 */
import { readFile } from "node:fs/promises";
import { runChecks } from "./check/index.ts";
import { createDiagnostic, type Diagnostic, hasErrors, sortDiagnostics } from "./diagnostics/diagnostic.ts";
import { buildModel } from "./model/build.ts";
import { createResolution, type Resolution } from "./model/resolve.ts";
import type { SchemaModel } from "./model/schema-model.ts";
import type { SchemaNode } from "./syntax/ast.ts";
import { createEndLocation } from "./syntax/locations.ts";
import { parseSchema } from "./syntax/parse-schema.ts";
import type { NamingStyle } from "./naming/ts-names.ts";

/** The outcome of compiling one schema: `model` is present iff no diagnostic is an error. */
export interface CompileResult {
  readonly model?: SchemaModel;
  readonly diagnostics: Diagnostic[];
}

/** Options of {@link compileSchema} and {@link analyzeSchema}. */
export interface CompileOptions {
  /** The generator's naming style (default camel): names that clash after conversion are errors. */
  readonly naming?: NamingStyle;
}

/** A compile result with what it was built from: the AST (partial where parsing failed) and its name resolution. */
export interface SchemaAnalysis extends CompileResult {
  readonly ast: SchemaNode;
  readonly resolution: Resolution;
}

function emptyAnalysis(file: string, source: string, diagnostics: Diagnostic[]): SchemaAnalysis {
  const ast: SchemaNode = { kind: "schema", file, items: [], loc: createEndLocation(file, source) };
  return { ast, resolution: createResolution(ast), diagnostics };
}

function analyzeUnsafe(source: string, file: string, options: CompileOptions): SchemaAnalysis {
  const parsed = parseSchema(source, file);
  if ("tooDeep" in parsed) return emptyAnalysis(file, source, [parsed.tooDeep]);
  const syntax = parsed.syntax;
  const resolution = createResolution(parsed.ast);
  const checks = runChecks({ schema: parsed.ast, resolution, hasSyntaxErrors: syntax.length > 0, naming: options.naming });
  const diagnostics = sortDiagnostics(suppressCascades(syntax, checks));
  const analysis = { ast: parsed.ast, resolution, diagnostics };
  if (hasErrors(diagnostics)) return analysis;
  return { ...analysis, model: buildModel({ schema: parsed.ast, resolution }) };
}

/**
 * Error recovery can turn one typo into a chain of follow-on errors on the same line
 * (`service s { .x:int32 1 }` re-reads `x` and `int32` as methods). Keep the first
 * syntax error of each line and drop check findings on lines that have one.
 */
function suppressCascades(syntax: readonly Diagnostic[], checks: readonly Diagnostic[]): Diagnostic[] {
  const firstPerLine = new Map<number, Diagnostic>();
  for (const d of sortDiagnostics(syntax)) if (!firstPerLine.has(d.loc.line)) firstPerLine.set(d.loc.line, d);
  return [...firstPerLine.values(), ...checks.filter((d) => !firstPerLine.has(d.loc.line))];
}

function internalError(file: string, err: unknown): Diagnostic {
  const detail = err instanceof Error ? err.message : String(err);
  return createDiagnostic({
    code: "internal-error",
    message: `the compiler failed unexpectedly (${detail}); please report this with the schema`,
    loc: createEndLocation(file, ""),
  });
}

/** Compiles schema text and keeps its AST and resolution. Never throws: a bug gives an empty AST and an `internal-error`. */
export function analyzeSchema(source: string, file: string, options: CompileOptions = {}): SchemaAnalysis {
  try {
    return analyzeUnsafe(source, file, options);
  } catch (err: unknown) {
    return emptyAnalysis(file, source, [internalError(file, err)]);
  }
}

/** Compiles schema text. `file` is used in locations and in `SchemaModel.file`. Never throws. */
export function compileSchema(source: string, file: string, options: CompileOptions = {}): CompileResult {
  const { model, diagnostics } = analyzeSchema(source, file, options);
  return model === undefined ? { diagnostics } : { model, diagnostics };
}

/** Reads and compiles a schema file; an unreadable file gives a `file-unreadable` diagnostic. Never rejects. */
export async function compileSchemaFile(path: string, options: CompileOptions = {}): Promise<CompileResult> {
  let source: string;
  try {
    source = await readFile(path, "utf8");
  } catch (err: unknown) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      diagnostics: [
        createDiagnostic({ code: "file-unreadable", message: `cannot read schema file: ${reason}`, loc: createEndLocation(path, "") }),
      ],
    };
  }
  return compileSchema(source, path, options);
}
