/**
 * The "generated file" facade: sections add declarations through it and never assemble
 * imports, headers or spacing by hand. Declarations are collected as ts-morph structures
 * and printed in one pass by `finish()` (adding them one by one to a live source file
 * re-parses the file each time: quadratic, minutes for a 1000-struct schema), which also
 * adds the runtime imports and the header and formats the text with prettier.
 */
import {
  Project,
  StructureKind,
  VariableDeclarationKind,
  type ImportDeclarationStructure,
  type StatementStructures,
} from "ts-morph";
import { format } from "prettier";

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
  /** Adds a `const`. */
  addConst(spec: { name: string; exported: boolean; doc: string; type?: string; initializer: string }): void;
  /** Adds a function whose body is given as statement text. */
  addFunction(spec: {
    name: string;
    exported: boolean;
    doc: string;
    parameters: readonly { name: string; type: string }[];
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
        docs: [spec.doc],
        declarations: [{ name: spec.name, type: spec.type, initializer: spec.initializer }],
      });
    },
    addFunction(spec) {
      statements.push({
        kind: StructureKind.Function,
        name: spec.name,
        isExported: spec.exported,
        docs: [spec.doc],
        parameters: spec.parameters.map((p) => ({ name: p.name, type: p.type })),
        returnType: spec.returnType,
        statements: spec.body,
      });
    },
    async finish() {
      const sorted = (s: Set<string>): string[] => [...s].sort();
      const imports: ImportDeclarationStructure[] = [];
      if (types.size > 0) {
        imports.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: options.runtimeImport, namedImports: sorted(types), isTypeOnly: true });
      }
      if (values.size > 0) {
        imports.push({ kind: StructureKind.ImportDeclaration, moduleSpecifier: options.runtimeImport, namedImports: sorted(values) });
      }
      const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
      const source = project.createSourceFile("generated.ts", { statements: [...imports, ...statements] }, { overwrite: true });
      const text = `${options.header}\n\n${source.getFullText()}`;
      return format(text, { parser: "typescript", printWidth: 100, trailingComma: "all" });
    },
  };
}
