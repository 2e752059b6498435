/**
 * The layering rules (scripts/layers/): the repository keeps them, and each rule reports a
 * violation planted in a small graph, at the import that breaks it.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type ImportEdge, importsOf, listSources, readImportGraph } from "../../scripts/layers/import-graph.ts";
import { LAYER_POLICY } from "../../scripts/layers/policy.ts";
import { checkLayers, type LayerPolicy } from "../../scripts/layers/rules.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A graph from `{ file: [[specifier, target?, typeOnly?], …] }`. */
function graphOf(spec: Record<string, Array<[string, string?, boolean?]>>): Map<string, ImportEdge[]> {
  return new Map(
    Object.entries(spec).map(([file, edges]) => [
      file,
      edges.map(([specifier, target, typeOnly], i) => ({ specifier, target, typeOnly: typeOnly ?? false, line: i + 1 })),
    ]),
  );
}

const rulesOf = (graph: Map<string, ImportEdge[]>): string[] =>
  checkLayers(graph, { optionalPeers: { etcd3: ["runtime/discovery/etcd.ts"] } }).map((v) => `${v.rule} ${v.file}:${v.line}`);

describe("the repository", () => {
  it("breaks no layering rule", () => {
    const graph = readImportGraph(ROOT, listSources(ROOT, ["runtime", "compiler", "generated", "bench", "examples"]));
    expect(graph.size).toBeGreaterThan(100);
    expect(checkLayers(graph, LAYER_POLICY)).toEqual([]);
  });
});

describe("each rule fires on a planted violation", () => {
  it("no-cycle: a value cycle, not a type-only one", () => {
    expect(rulesOf(graphOf({ "runtime/a.ts": [["./b.ts", "runtime/b.ts"]], "runtime/b.ts": [["./a.ts", "runtime/a.ts"]] }))).toEqual([
      "no-cycle runtime/a.ts:1",
    ]);
    expect(rulesOf(graphOf({ "runtime/a.ts": [["./b.ts", "runtime/b.ts"]], "runtime/b.ts": [["./a.ts", "runtime/a.ts", true]] }))).toEqual(
      [],
    );
  });

  it("runtime-self-contained: packages only in their optional entry, nothing outside runtime/", () => {
    const graph = graphOf({
      "runtime/discovery/etcd.ts": [["etcd3"]],
      "runtime/cluster.ts": [["node:net"], ["etcd3"], ["chevrotain"], ["../compiler/x.ts", "compiler/x.ts"]],
      "compiler/x.ts": [],
    });
    expect(rulesOf(graph)).toEqual([
      "runtime-self-contained runtime/cluster.ts:2",
      "runtime-self-contained runtime/cluster.ts:3",
      "runtime-self-contained runtime/cluster.ts:4",
    ]);
  });

  it("rpc-not-cluster: also through another file, but not through a type-only import", () => {
    const graph = graphOf({
      "runtime/rpc/client.ts": [["../node/glue.ts", "runtime/node/glue.ts"]],
      "runtime/node/glue.ts": [["./cluster.ts", "runtime/node/cluster.ts"]],
      "runtime/node/cluster.ts": [],
    });
    expect(rulesOf(graph)).toEqual(["rpc-not-cluster runtime/rpc/client.ts:1"]);
    graph.get("runtime/node/glue.ts")![0] = { specifier: "./cluster.ts", target: "runtime/node/cluster.ts", typeOnly: true, line: 1 };
    expect(rulesOf(graph)).toEqual([]);
  });

  it("codec-without-sockets: the codec, the codegen entry and encode/decode never reach node:net", () => {
    const graph = graphOf({
      "runtime/zproto/index.ts": [["../bytes.ts", "runtime/bytes.ts"]],
      "runtime/bytes.ts": [],
      "runtime/codegen-v1.ts": [["./rpc/x.ts", "runtime/rpc/x.ts"]],
      "runtime/rpc/x.ts": [["node:net"]],
      "compiler/cli/encode.ts": [["@clusterc/runtime/zproto", "runtime/zproto/index.ts"]],
    });
    expect(rulesOf(graph).sort()).toEqual([
      "codec-without-sockets runtime/codegen-v1.ts:1",
      "codec-without-sockets runtime/zproto/index.ts:1",
    ]);
  });

  it("compiler-through-entries and generated-through-codegen", () => {
    const graph = graphOf({
      "compiler/cli/gen.ts": [
        ["../../runtime/index.ts", "runtime/index.ts"],
        ["@clusterc/runtime", "runtime/index.ts"],
        ["@clusterc/runtime/zproto", "runtime/zproto/index.ts"],
      ],
      "runtime/index.ts": [],
      "runtime/zproto/index.ts": [],
      "generated/calc.ts": [
        ["@clusterc/runtime/codegen-v1", "runtime/codegen-v1.ts"],
        ["@clusterc/runtime", "runtime/index.ts"],
        ["./other.ts", "generated/other.ts"],
      ],
      "generated/other.ts": [],
      "runtime/codegen-v1.ts": [],
    });
    expect(rulesOf(graph)).toEqual([
      "compiler-through-entries compiler/cli/gen.ts:1",
      "compiler-through-entries compiler/cli/gen.ts:2",
      "generated-through-codegen generated/calc.ts:2",
    ]);
  });

  it("compiler-through-entries lets the command that talks to nodes import the runtime's entries, and only those", () => {
    const graph = graphOf({
      "compiler/cli/call.ts": [
        ["@clusterc/runtime", "runtime/index.ts"],
        ["@clusterc/runtime/etcd", "runtime/etcd.ts"],
        ["../../runtime/node/cluster.ts", "runtime/node/cluster.ts"],
      ],
      "runtime/index.ts": [],
      "runtime/etcd.ts": [],
      "runtime/node/cluster.ts": [],
    });
    const policy: LayerPolicy = {
      optionalPeers: {},
      compilerNodeEntries: { "compiler/cli/call.ts": ["@clusterc/runtime", "@clusterc/runtime/etcd"] },
    };
    expect(checkLayers(graph, policy).map((v) => `${v.rule} ${v.file}:${v.line}`)).toEqual([
      "compiler-through-entries compiler/cli/call.ts:3",
    ]);
  });
});

describe("lsp-without-codegen fires on a planted violation", () => {
  const policy: LayerPolicy = { optionalPeers: {}, lspGenModules: ["compiler/gen/names.ts"] };
  const lspRules = (graph: Map<string, ImportEdge[]>): string[] =>
    checkLayers(graph, policy)
      .map((v) => `${v.rule} ${v.file}:${v.line}`)
      .sort();

  it("the server reaching ts-morph, prettier or a gen/ module outside its pure naming fires, also through another file", () => {
    const graph = graphOf({
      "compiler/lsp/hover.ts": [
        ["../gen/names.ts", "compiler/gen/names.ts"],
        ["./helper.ts", "compiler/lsp/helper.ts"],
      ],
      "compiler/lsp/helper.ts": [["../gen/generate.ts", "compiler/gen/generate.ts"]],
      "compiler/gen/names.ts": [],
      "compiler/gen/generate.ts": [["prettier"]],
      "compiler/cli/lsp.ts": [["ts-morph"]],
      "compiler/cli/gen.ts": [["../gen/generate.ts", "compiler/gen/generate.ts"]],
    });
    expect(lspRules(graph)).toEqual([
      "lsp-without-codegen compiler/cli/lsp.ts:1",
      "lsp-without-codegen compiler/lsp/helper.ts:1",
      "lsp-without-codegen compiler/lsp/helper.ts:1",
      "lsp-without-codegen compiler/lsp/hover.ts:1",
      "lsp-without-codegen compiler/lsp/hover.ts:1",
    ]);
    const messages = checkLayers(graph, policy).map((v) => v.message);
    expect(messages).toContainEqual(
      expect.stringContaining("compiler/lsp/hover.ts → compiler/lsp/helper.ts → compiler/gen/generate.ts → prettier"),
    );
  });

  it("pure naming modules and type-only imports of the generator do not fire", () => {
    const graph = graphOf({
      "compiler/lsp/hover.ts": [
        ["../gen/names.ts", "compiler/gen/names.ts"],
        ["../gen/generated-file.ts", "compiler/gen/generated-file.ts", true],
      ],
      "compiler/gen/names.ts": [],
      "compiler/gen/generated-file.ts": [["ts-morph"]],
    });
    expect(lspRules(graph)).toEqual([]);
  });
});

describe("the runtime's folder rules fire on planted violations", () => {
  const policy: LayerPolicy = { optionalPeers: {}, runtimeFolders: ["core", "wire", "node"], runtimeEntries: ["runtime/index.ts"] };
  const folderRules = (graph: Map<string, ImportEdge[]>): string[] =>
    checkLayers(graph, policy).map((v) => `${v.rule} ${v.file}:${v.line}`);

  it("runtime-folder-order: an import up the order fires, type-only ones included; down and sideways do not", () => {
    const graph = graphOf({
      "runtime/core/errors.ts": [["../wire/frames.ts", "runtime/wire/frames.ts", true]],
      "runtime/wire/frames.ts": [
        ["../core/bytes.ts", "runtime/core/bytes.ts"],
        ["./framer.ts", "runtime/wire/framer.ts"],
      ],
      "runtime/core/bytes.ts": [],
      "runtime/wire/framer.ts": [["../node/cluster.ts", "runtime/node/cluster.ts"]],
      "runtime/node/cluster.ts": [["../wire/frames.ts", "runtime/wire/frames.ts", true]],
      "runtime/index.ts": [["./node/cluster.ts", "runtime/node/cluster.ts"]],
    });
    expect(folderRules(graph)).toEqual([
      "runtime-folder-order runtime/core/errors.ts:1",
      "runtime-folder-order runtime/wire/framer.ts:1",
      "runtime-no-knot runtime/node/cluster.ts:1",
    ]);
  });

  it("runtime-folder-order: a folder the order does not name fires; a folder may not import an entry", () => {
    const graph = graphOf({
      "runtime/misc/util.ts": [],
      "runtime/node/cluster.ts": [["../index.ts", "runtime/index.ts", true]],
      "runtime/index.ts": [],
    });
    expect(folderRules(graph)).toEqual(["runtime-folder-order runtime/misc/util.ts:1", "runtime-folder-order runtime/node/cluster.ts:1"]);
  });

  it("runtime-top-level-entries: only package entries at the top level", () => {
    const graph = graphOf({ "runtime/index.ts": [], "runtime/types.ts": [] });
    expect(folderRules(graph)).toEqual(["runtime-top-level-entries runtime/types.ts:1"]);
  });

  it("runtime-no-knot: files importing each other through types only", () => {
    const graph = graphOf({
      "runtime/core/a.ts": [["./b.ts", "runtime/core/b.ts", true]],
      "runtime/core/b.ts": [["./a.ts", "runtime/core/a.ts", true]],
    });
    expect(folderRules(graph)).toEqual(["runtime-no-knot runtime/core/a.ts:1"]);
  });

  it("tools-through-entries: bench/ and examples/ import the runtime only through its entries, the compiler never", () => {
    const graph = graphOf({
      "bench/rpc/x.ts": [
        ["@clusterc/runtime", "runtime/index.ts"],
        ["../../runtime/node/cluster.ts", "runtime/node/cluster.ts"],
        ["../../generated/calc.ts", "generated/calc.ts"],
      ],
      "examples/y.ts": [
        ["../compiler/compile.ts", "compiler/compile.ts"],
        ["@clusterc/runtime/etcd", "runtime/etcd.ts"],
      ],
      "runtime/index.ts": [],
      "runtime/etcd.ts": [],
      "runtime/node/cluster.ts": [],
      "compiler/compile.ts": [],
      "generated/calc.ts": [],
    });
    expect(rulesOf(graph)).toEqual(["tools-through-entries bench/rpc/x.ts:2", "tools-through-entries examples/y.ts:1"]);
  });

  it("the stated order is the repository's: every runtime folder is in it, and it lists no folder that is gone", () => {
    const folders = new Set(
      listSources(ROOT, ["runtime"])
        .map((f) => f.split("/"))
        .filter((p) => p.length > 2)
        .map((p) => p[1]!),
    );
    expect([...folders].sort()).toEqual([...LAYER_POLICY.runtimeFolders!].sort());
  });
});

describe("importsOf", () => {
  it("reads static, re-exported, dynamic and type-only imports with their lines", () => {
    const text =
      'import type { A } from "./a.ts";\nimport { type B, c } from "./b.ts";\nexport * from "./c.ts";\nexport type { D } from "./d.ts";\nconst m = await import("node:net");\n';
    const edges = importsOf(ROOT, "runtime/x.ts", text).map((e) => [e.specifier, e.typeOnly, e.line]);
    expect(edges).toEqual([
      ["./a.ts", true, 1],
      ["./b.ts", false, 2],
      ["./c.ts", false, 3],
      ["./d.ts", true, 4],
      ["node:net", false, 5],
    ]);
  });
});
