/**
 * The import graph of the repository's TypeScript sources, read with the TypeScript parser:
 * for each file, the modules it imports or re-exports (static and dynamic), each marked as
 * type-only or not, with relative specifiers and the runtime package's own entries
 * (`@clusterc/runtime`, `@clusterc/runtime/<entry>`) resolved to source files.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** One import edge. */
export interface ImportEdge {
  /** The specifier as written. */
  readonly specifier: string;
  /** Repository-relative path of the imported source file, or undefined for a package or `node:` builtin. */
  readonly target: string | undefined;
  /** True for `import type` / `export type` (erased at run time). */
  readonly typeOnly: boolean;
  /** 1-based line of the import. */
  readonly line: number;
}

/** Repository-relative path → its import edges. */
export type ImportGraph = ReadonlyMap<string, readonly ImportEdge[]>;

/** The runtime package's entries, mapped to their sources (as tsconfig.json's `paths`). */
export const RUNTIME_ENTRIES: Readonly<Record<string, string>> = {
  "@clusterc/runtime": "runtime/index.ts",
  "@clusterc/runtime/codegen-v1": "runtime/codegen-v1.ts",
  "@clusterc/runtime/zproto": "runtime/zproto/index.ts",
  "@clusterc/runtime/etcd": "runtime/etcd.ts",
  "@clusterc/runtime/prometheus": "runtime/prometheus.ts",
  "@clusterc/runtime/otel": "runtime/otel.ts",
};

const SKIPPED_DIRS = new Set(["node_modules", "dist", ".git", "fixtures", "golden", ".gen", "results"]);

/** Repository-relative paths of the `.ts` files under `dirs` (skipping build output, fixtures and goldens). */
export function listSources(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(join(root, dir))) return;
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith("dist.")) walk(path);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        out.push(path);
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return out.sort();
}

/** Resolves `specifier` imported from `from` (repository-relative) to a repository-relative source path. */
function resolveSpecifier(root: string, from: string, specifier: string): string | undefined {
  const entry = RUNTIME_ENTRIES[specifier];
  if (entry !== undefined) return entry;
  if (!specifier.startsWith(".")) return undefined;
  const base = resolve(root, dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts")];
  const hit = candidates.find((c) => c.endsWith(".ts") && existsSync(c));
  return hit === undefined ? relative(root, base) : relative(root, hit);
}

/** The import edges of one source text. */
export function importsOf(root: string, file: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (node: ts.Node, specifier: string, typeOnly: boolean): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    edges.push({ specifier, target: resolveSpecifier(root, file, specifier), typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier.text, allTypes);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      const allTypes =
        node.isTypeOnly ||
        (node.exportClause !== undefined &&
          ts.isNamedExports(node.exportClause) &&
          node.exportClause.elements.length > 0 &&
          node.exportClause.elements.every((e) => e.isTypeOnly));
      add(node, node.moduleSpecifier.text, allTypes);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteral(node.arguments[0]!)
    ) {
      add(node, node.arguments[0].text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** Reads the import graph of `files` (repository-relative) under `root`. */
export function readImportGraph(root: string, files: readonly string[]): ImportGraph {
  const graph = new Map<string, ImportEdge[]>();
  for (const file of files) graph.set(file, importsOf(root, file, readFileSync(join(root, file), "utf8")));
  return graph;
}
