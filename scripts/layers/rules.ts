/**
 * The layering rules of the repository, checked on its import graph: no import cycles; the
 * runtime depends on nothing but Node's builtins (optional integrations excepted, each in its
 * own entry); the runtime's folders are layers in one stated order and every import, type-only
 * ones included, points down that order (so the runtime has no knots, not even type-only ones);
 * only package entries sit at the runtime's top level; rpc/ never reaches the node's
 * implementation; the codec, the codegen entry and the compiler's encode/decode commands never
 * reach sockets; the compiler, generated code, benchmarks and examples reach the runtime only
 * through the package's entries; the language server never loads code generation (only gen's
 * pure naming modules), so a keystroke never pays for ts-morph or prettier.
 */
import type { ImportGraph } from "./import-graph.ts";

/** One broken rule, located at the import that breaks it. */
export interface LayerViolation {
  readonly rule: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** What the rules are checked against. */
export interface LayerPolicy {
  /** Packages a runtime file may import (optional peer dependencies), and the files allowed to. */
  readonly optionalPeers: Readonly<Record<string, readonly string[]>>;
  /**
   * The runtime's folders, lowest layer first: a file may import (values or types) only from its
   * own folder or a folder before it; top-level files are the package entries and sit above all.
   * Undefined: the folder rules are not checked.
   */
  readonly runtimeFolders?: readonly string[];
  /** The runtime's top-level files (its package entries); others at the top level are flagged. */
  readonly runtimeEntries?: readonly string[];
  /** The `compiler/gen/` modules the language server may reach (pure naming, no ts-morph or prettier); default none. */
  readonly lspGenModules?: readonly string[];
  /**
   * Compiler files that talk to running nodes (`clusterc call`), with the runtime entries each may
   * import besides `@clusterc/runtime/zproto`; every other compiler file reaches only the codec.
   */
  readonly compilerNodeEntries?: Readonly<Record<string, readonly string[]>>;
}

/** The runtime folder of a runtime file (`runtime/core/errors.ts` → `core`), or undefined at the top level. */
function runtimeFolder(file: string): string | undefined {
  const parts = file.split("/");
  return parts.length > 2 ? parts[1] : undefined;
}

/** The node's implementation (rpc/ must not reach it) and the connection (the codec must not). */
const NODE_IMPL = "runtime/node/cluster.ts";
const CONNECTION_IMPL = "runtime/connection/connection.ts";

const SOCKET_MODULES = new Set(["node:net", "node:tls", "node:dgram", "node:http", "node:https", "node:http2"]);

/** Packages of code generation and building that the language server must never load. */
const CODEGEN_PACKAGES = new Set(["ts-morph", "prettier", "typescript", "esbuild", "tsx"]);

/** The language server's files: its folder and its CLI command. */
const isLspFile = (file: string): boolean => file.startsWith("compiler/lsp/") || file === "compiler/cli/lsp.ts";

/** Files reachable from `start` through imports that survive compilation (type-only ones are erased). */
export function valueClosure(graph: ImportGraph, start: string): Map<string, string> {
  // reached → the file that first imported it (for messages)
  const seen = new Map<string, string>([[start, start]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const edge of graph.get(file) ?? []) {
      if (edge.typeOnly) continue;
      const key = edge.target ?? edge.specifier;
      if (seen.has(key)) continue;
      seen.set(key, file);
      if (edge.target !== undefined) queue.push(edge.target);
    }
  }
  return seen;
}

/** The chain of imports by which `closure` reached `to`, e.g. `a.ts → b.ts → node:net`. */
function chain(closure: Map<string, string>, to: string): string {
  const path = [to];
  let at = to;
  while (closure.get(at) !== at && closure.get(at) !== undefined) {
    at = closure.get(at)!;
    path.unshift(at);
  }
  return path.join(" → ");
}

/**
 * Strongly connected components with more than one file (or a file importing itself) over the
 * imports that survive compilation: the import cycles that can leave a symbol undefined at load.
 * Type-only imports are erased and cannot.
 */
export function findCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const edge of graph.get(v) ?? []) {
      const w = edge.target;
      if (edge.typeOnly || w === undefined || !graph.has(w)) continue;
      if (!indexOf.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).some((e) => !e.typeOnly && e.target === v);
      if (component.length > 1 || selfLoop) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) connect(v);
  return cycles;
}

/** Every violation of the layering rules in `graph`. */
export function checkLayers(graph: ImportGraph, policy: LayerPolicy): LayerViolation[] {
  const out: LayerViolation[] = [];
  const files = [...graph.keys()];

  for (const cycle of findCycles(graph)) {
    const first = cycle[0]!;
    const edge = (graph.get(first) ?? []).find((e) => !e.typeOnly && e.target !== undefined && cycle.includes(e.target));
    out.push({ rule: "no-cycle", file: first, line: edge?.line ?? 1, message: `import cycle: ${cycle.join(" ⇄ ")}` });
  }

  for (const file of files.filter((f) => f.startsWith("runtime/"))) {
    for (const edge of graph.get(file)!) {
      if (edge.target !== undefined) {
        if (!edge.target.startsWith("runtime/")) {
          out.push({
            rule: "runtime-self-contained",
            file,
            line: edge.line,
            message: `the runtime imports ${edge.target}, outside runtime/`,
          });
        }
        continue;
      }
      if (edge.specifier.startsWith("node:")) continue;
      const allowed = policy.optionalPeers[edge.specifier];
      if (allowed === undefined || !allowed.includes(file)) {
        out.push({
          rule: "runtime-self-contained",
          file,
          line: edge.line,
          message: `the runtime has no dependencies: '${edge.specifier}' may be imported only by its optional entry (${allowed?.join(", ") ?? "none declared"})`,
        });
      }
    }
  }

  for (const file of files.filter((f) => f.startsWith("runtime/rpc/"))) {
    const closure = valueClosure(graph, file);
    if (closure.has(NODE_IMPL)) {
      out.push({
        rule: "rpc-not-cluster",
        file,
        line: 1,
        message: `rpc/ reaches the node's implementation: ${chain(closure, NODE_IMPL)}`,
      });
    }
  }

  const socketFree = [
    "runtime/zproto/index.ts",
    "runtime/codegen-v1.ts",
    "compiler/cli/encode.ts",
    "compiler/cli/decode.ts",
    "compiler/cli/codec-loader.ts",
  ];
  for (const file of socketFree.filter((f) => graph.has(f))) {
    const closure = valueClosure(graph, file);
    for (const reached of closure.keys()) {
      if (SOCKET_MODULES.has(reached) || reached === NODE_IMPL || reached === CONNECTION_IMPL) {
        out.push({ rule: "codec-without-sockets", file, line: 1, message: `${file} must not reach sockets: ${chain(closure, reached)}` });
      }
    }
  }
  for (const file of files.filter((f) => f.startsWith("runtime/zproto/"))) {
    for (const edge of graph.get(file)!) {
      if (edge.target !== undefined && !edge.target.startsWith("runtime/zproto/")) {
        out.push({
          rule: "codec-without-sockets",
          file,
          line: edge.line,
          message: `the codec imports ${edge.target}, outside runtime/zproto/`,
        });
      }
    }
  }

  for (const file of files.filter((f) => f.startsWith("compiler/"))) {
    for (const edge of graph.get(file)!) {
      const intoRuntime = edge.target?.startsWith("runtime/") === true;
      const allowed = ["@clusterc/runtime/zproto", ...(policy.compilerNodeEntries?.[file] ?? [])];
      if (intoRuntime && !allowed.includes(edge.specifier)) {
        out.push({
          rule: "compiler-through-entries",
          file,
          line: edge.line,
          message: `the compiler reaches the runtime only through ${allowed.map((a) => `'${a}'`).join(", ")}, not '${edge.specifier}'`,
        });
      }
    }
  }

  const lspGen = new Set(policy.lspGenModules ?? []);
  for (const file of files.filter(isLspFile)) {
    const closure = valueClosure(graph, file);
    for (const reached of closure.keys()) {
      const heavy = CODEGEN_PACKAGES.has(reached) || (reached.startsWith("compiler/gen/") && !lspGen.has(reached));
      if (heavy) {
        out.push({
          rule: "lsp-without-codegen",
          file,
          line: 1,
          message: `the language server must not load code generation (only ${[...lspGen].join(", ") || "no gen/ module"}): ${chain(closure, reached)}`,
        });
      }
    }
  }

  if (policy.runtimeFolders !== undefined) out.push(...checkRuntimeFolders(graph, policy.runtimeFolders, policy.runtimeEntries ?? []));

  for (const file of files.filter((f) => f.startsWith("bench/") || f.startsWith("examples/"))) {
    for (const edge of graph.get(file)!) {
      const intoPackage = edge.target?.startsWith("runtime/") === true || edge.target?.startsWith("compiler/") === true;
      if (intoPackage && !edge.specifier.startsWith("@clusterc/runtime")) {
        out.push({
          rule: "tools-through-entries",
          file,
          line: edge.line,
          message: `benchmarks and examples use the packages as users do: import '@clusterc/runtime…' entries (the compiler through its CLI), not '${edge.specifier}'`,
        });
      }
    }
  }

  for (const file of files.filter((f) => f.startsWith("generated/"))) {
    for (const edge of graph.get(file)!) {
      const local = edge.target?.startsWith("generated/") === true;
      if (!local && edge.specifier !== "@clusterc/runtime/codegen-v1") {
        out.push({
          rule: "generated-through-codegen",
          file,
          line: edge.line,
          message: `generated code imports only '@clusterc/runtime/codegen-v1', not '${edge.specifier}'`,
        });
      }
    }
  }
  return out;
}

/**
 * The folder rules of the runtime: each folder is one layer of `folders` (lowest first), every
 * import between runtime files, type-only ones included, points to the importer's folder or a
 * lower one; top-level files are only the package entries; no runtime file sits in a folder the
 * order does not name; and no knot of files imports each other even through types.
 */
export function checkRuntimeFolders(graph: ImportGraph, folders: readonly string[], entries: readonly string[]): LayerViolation[] {
  const out: LayerViolation[] = [];
  const rank = (file: string): number => {
    const folder = runtimeFolder(file);
    return folder === undefined ? folders.length : folders.indexOf(folder);
  };
  const runtimeFiles = [...graph.keys()].filter((f) => f.startsWith("runtime/"));
  for (const file of runtimeFiles) {
    const folder = runtimeFolder(file);
    if (folder === undefined) {
      if (!entries.includes(file)) {
        out.push({
          rule: "runtime-top-level-entries",
          file,
          line: 1,
          message: `only package entries sit at runtime/'s top level (${entries.join(", ")}); put ${file} in its layer's folder`,
        });
      }
      continue;
    }
    if (!folders.includes(folder)) {
      out.push({
        rule: "runtime-folder-order",
        file,
        line: 1,
        message: `runtime/${folder}/ is not in the layer order (scripts/layers/policy.ts: ${folders.join(" < ")}); add it there`,
      });
      continue;
    }
    for (const edge of graph.get(file) ?? []) {
      if (edge.target === undefined || !edge.target.startsWith("runtime/")) continue;
      if (rank(edge.target) > rank(file)) {
        const to = runtimeFolder(edge.target) ?? "the top level";
        out.push({
          rule: "runtime-folder-order",
          file,
          line: edge.line,
          message: `${folder}/ is below ${to}${to === "the top level" ? "" : "/"} (${folders.join(" < ")}), so it must not import ${edge.target}${edge.typeOnly ? " (type-only imports count too)" : ""}`,
        });
      }
    }
  }
  const typed = new Map(runtimeFiles.map((f) => [f, (graph.get(f) ?? []).map((e) => ({ ...e, typeOnly: false }))] as const));
  for (const knot of findCycles(typed)) {
    const first = knot[0]!;
    const edge = (graph.get(first) ?? []).find((e) => e.target !== undefined && knot.includes(e.target));
    out.push({
      rule: "runtime-no-knot",
      file: first,
      line: edge?.line ?? 1,
      message: `files importing each other (types included): ${knot.join(" ⇄ ")}`,
    });
  }
  return out;
}
