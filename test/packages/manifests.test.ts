/**
 * The package manifests: one version across the workspace (the CLI reads it from the compiler
 * package's package.json, from sources and in the bundle alike), a runtime without
 * dependencies whose optional integrations are optional peers, a compiler that depends on
 * exactly this runtime, and `files` lists that ship built output only.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLUSTERC_VERSION } from "../../compiler/gen/version.ts";

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  exports?: Record<string, unknown>;
  files?: string[];
  bin?: Record<string, string>;
}

const read = (path: string): Manifest => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8")) as Manifest;
const root = read("package.json");
const runtime = read("runtime/package.json");
const compiler = read("compiler/package.json");

describe("package manifests", () => {
  it("carry one version, which the CLI reports", () => {
    expect(runtime.version).toBe(root.version);
    expect(compiler.version).toBe(root.version);
    expect(CLUSTERC_VERSION).toBe(root.version);
    expect(root.private).toBe(true);
  });

  it("the runtime has no dependencies; each optional integration is an optional peer", () => {
    expect(runtime.name).toBe("@clusterc/runtime");
    expect(runtime.dependencies ?? {}).toEqual({});
    for (const peer of Object.keys(runtime.peerDependencies ?? {})) {
      expect(runtime.peerDependenciesMeta?.[peer]?.optional, peer).toBe(true);
    }
    expect(Object.keys(runtime.exports ?? {})).toEqual(expect.arrayContaining([".", "./codegen-v1", "./zproto"]));
  });

  it("the compiler depends on exactly this runtime and names the clusterc bin", () => {
    expect(compiler.name).toBe("clusterc");
    expect(compiler.dependencies?.["@clusterc/runtime"]).toBe(runtime.version);
    expect(compiler.bin).toEqual({ clusterc: "./bin/clusterc.js" });
  });

  it("ship built output only", () => {
    for (const files of [runtime.files, compiler.files]) {
      expect(files).toBeDefined();
      expect(files!.some((f) => /test|bench|\.ci|scripts|\.ts$/.test(f) && !f.endsWith(".d.ts"))).toBe(false);
    }
  });
});
