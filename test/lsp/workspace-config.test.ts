/**
 * How the language server finds the generation style of a document: the `clusterc.json` of the
 * innermost workspace folder holding it (else of the working directory), read again when it
 * changes, and `clusterc gen`'s defaults with one warning for a config with mistakes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWorkspaceConfig, DEFAULT_GEN_STYLE } from "../../compiler/lsp/workspace-config.ts";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "clusterc-lsp-config-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the server's clusterc.json", () => {
  it("is the innermost workspace folder's, else the working directory's; defaults without one", () => {
    const inner = join(dir, "inner");
    const cwd = join(dir, "cwd");
    mkdirSync(inner);
    mkdirSync(cwd);
    writeFileSync(join(inner, "clusterc.json"), '{ "gen": { "naming": "schema" } }');
    writeFileSync(join(cwd, "clusterc.json"), '{ "gen": { "int64": "number" } }');
    const config = createWorkspaceConfig({ cwd });
    config.setRoots([dir, inner]);
    expect(config.styleOf(join(inner, "a.zp"))).toEqual({ naming: "schema", int64: "bigint" });
    expect(config.styleOf(join(dir, "b.zp"))).toEqual(DEFAULT_GEN_STYLE);
    expect(config.styleOf(join(tmpdir(), "elsewhere.zp"))).toEqual({ naming: "camel", int64: "number" });
  });

  it("is read again when it changes; one with mistakes counts as none, with one warning per version", () => {
    const warnings: string[] = [];
    const config = createWorkspaceConfig({ warn: (m) => warnings.push(m) });
    config.setRoots([dir]);
    const file = join(dir, "a.zp");
    writeFileSync(join(dir, "clusterc.json"), '{ "gen": { "naming": "snake" } }');
    expect(config.styleOf(file)).toEqual(DEFAULT_GEN_STYLE);
    expect(config.styleOf(file)).toEqual(DEFAULT_GEN_STYLE);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/clusterc\.json:1: .*snake.*clusterc gen's defaults/);
    writeFileSync(join(dir, "clusterc.json"), '{ "gen": { "naming": "schema" } }  ');
    expect(config.styleOf(file).naming).toBe("schema");
    rmSync(join(dir, "clusterc.json"));
    expect(config.styleOf(file)).toEqual(DEFAULT_GEN_STYLE);
    expect(warnings).toHaveLength(1);
  });
});
