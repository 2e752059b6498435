/**
 * The "generated file" facade: sections add declarations through it and never assemble
 * imports, headers or spacing by hand. Declarations are collected as ts-morph structures
 * and printed by `finish()` (adding them one by one to a live source file re-parses the
 * file each time: quadratic, minutes for a 1000-struct schema), which also adds the runtime
 * imports and the header and formats the text with prettier: in this thread, or through the
 * formatter given — e.g. a worker pool that formats pieces while later ones are printed.
 */
import { createRequire } from "node:module";
import type * as TsMorph from "ts-morph";
import type { ImportDeclarationStructure, StatementStructures } from "ts-morph";
import { formatInProcess, type ModuleFormatter } from "./format.ts";
import { printModulePieces } from "./format-print.ts";

/**
 * ts-morph, loaded with `require`: it is CommonJS, and an ESM `import` of it makes Node scan
 * its re-exports down to the 9 MB TypeScript compiler for export names (~40% of the load time).
 */
const { StructureKind, VariableDeclarationKind } = createRequire(import.meta.url)("ts-morph") as typeof TsMorph;

/** A property of a generated interface. */
export interface PropertySpec {
  readonly name: string;
  readonly type: string;
  readonly optional?: boolean;
  readonly doc?: string;
}

/** The facade sections write through. */
export interface GeneratedFile {
  /** Adds any ts-morph statement structure (for sections that need more than the helpers below). */
  addStatement(statement: StatementStructures): void;
  /** Marks a runtime value export as used and returns the identifier to write. */
  runtime(name: string): string;
  /** Marks a runtime type export as used and returns the identifier to write. */
  runtimeType(name: string): string;
  /** Adds an (optionally exported) interface. */
  addInterface(spec: { name: string; exported: boolean; doc: string; properties: readonly PropertySpec[] }): void;
  /** Adds a `const` (`doc` is required for exported ones). */
  addConst(spec: { name: string; exported: boolean; doc?: string; type?: string; initializer: string }): void;
  /** Adds an exported type alias. */
  addTypeAlias(spec: { name: string; doc: string; type: string }): void;
  /** Adds a function whose body is given as statement text (`doc` is required for exported ones). */
  addFunction(spec: {
    name: string;
    exported: boolean;
    doc?: string;
    parameters: readonly { name: string; type: string; optional?: boolean }[];
    returnType: string;
    body: string;
  }): void;
  /** Adds the runtime imports and the header line, and returns the prettier-formatted text. */
  finish(): Promise<string>;
}

/** Options of {@link createGeneratedFile}. */
export interface GeneratedFileOptions {
  /** First line of the output (the `// @generated …` header), without newline. */
  readonly header: string;
  /** Module specifier of the runtime entry point. */
  readonly runtimeImport: string;
  /** Formats the printed module (default: prettier in this thread). */
  readonly format?: ModuleFormatter;
}

/** Creates an empty generated file. */
export function createGeneratedFile(options: GeneratedFileOptions): GeneratedFile {
  const statements: StatementStructures[] = [];
  const values = new Set<string>();
  const types = new Set<string>();
  return {
    addStatement(statement) {
      statements.push(statement);
    },
    runtime(name) {
      values.add(name);
      return name;
    },
    runtimeType(name) {
      types.add(name);
      return name;
    },
    addInterface(spec) {
      statements.push({
        kind: StructureKind.Interface,
        name: spec.name,
        isExported: spec.exported,
        docs: [spec.doc],
        properties: spec.properties.map((p) => ({
          name: p.name,
          type: p.type,
          hasQuestionToken: p.optional === true,
          docs: p.doc === undefined ? [] : [p.doc],
        })),
      });
    },
    addConst(spec) {
      statements.push({
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Const,
        isExported: spec.exported,
        docs: spec.doc === undefined ? [] : [spec.doc],
        declarations: [{ name: spec.name, type: spec.type, initializer: spec.initializer }],
      });
    },
    addTypeAlias(spec) {
      statements.push({ kind: StructureKind.TypeAlias, name: spec.name, isExported: true, docs: [spec.doc], type: spec.type });
    },
    addFunction(spec) {
      statements.push({
        kind: StructureKind.Function,
        name: spec.name,
        isExported: spec.exported,
        docs: spec.doc === undefined ? [] : [spec.doc],
        parameters: spec.parameters.map((p) => ({ name: p.name, type: p.type, hasQuestionToken: p.optional === true })),
        returnType: spec.returnType,
        statements: spec.body,
      });
    },
    async finish() {
      const sorted = (s: Set<string>): string[] => [...s].sort();
      const imports: ImportDeclarationStructure[] = [];
      if (types.size > 0) {
        imports.push({
          kind: StructureKind.ImportDeclaration,
          moduleSpecifier: options.runtimeImport,
          namedImports: sorted(types),
          isTypeOnly: true,
        });
      }
      if (values.size > 0) {
        imports.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: options.runtimeImport, namedImports: sorted(values) });
      }
      const all = [...imports, ...statements];
      const pieces = (minChars: number): Iterable<string> => printModulePieces({ header: options.header, statements: all, minChars });
      return (options.format ?? formatInProcess)({ pieces });
    },
  };
}
