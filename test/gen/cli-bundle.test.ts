/**
 * The launcher's choice between the esbuild bundle and the sources: in the repository, the
 * bundle only when it is at least as new as every compiler source and the compiler's
 * package.json, only for the commands it serves, never with CLUSTERC_NO_BUNDLE; in an installed
 * package (no sources), always the bundle. And `compiler/bin/clusterc.js gen` gives the same
 * bytes as the generator called in-process, from the sources and (when built and fresh) the bundle.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLE_ENTRY, chooseEntry, SOURCE_ENTRY } from "../../compiler/bin/bundle-entry.js";
import { compileSchemaFile } from "../../compiler/compile.ts";
import { generateModule } from "../../compiler/gen/index.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const temp = mkdtempSync(join(tmpdir(), "clusterc-bundle-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Writes `path` under `root` with modification time `seconds` (since the epoch). */
function fileAt(root: string, path: string, seconds: number): void {
  const full = join(root, path);
  mkdirSync(join(full, ".."), { recursive: true });
  writeFileSync(full, "x");
  utimesSync(full, seconds, seconds);
}

describe("chooseEntry", () => {
  const root = join(temp, "pkg");
  const T = 1_700_000_000;
  fileAt(root, "package.json", T);
  fileAt(root, SOURCE_ENTRY, T);
  fileAt(root, "gen/generate.ts", T);
  fileAt(root, "bin/clusterc.js", T + 100);
  const choose = (argv: string[], env: Record<string, string | undefined> = {}): string => chooseEntry({ root, argv, env });

  it("runs the sources while there is no bundle", () => {
    expect(choose(["gen", "a.zp"])).toBe("sources");
  });

  it("runs a fresh bundle for gen, check, lsp, --version and usage, not for encode/decode", () => {
    fileAt(root, BUNDLE_ENTRY, T + 10);
    for (const argv of [["gen", "a.zp"], ["check", "a.zp"], ["lsp", "--stdio"], ["--version"], []]) expect(choose(argv)).toBe("bundle");
    expect(choose(["encode", "a.zp", "m"])).toBe("sources");
    expect(choose(["decode", "a.zp", "m"])).toBe("sources");
    expect(choose(["gen", "a.zp"], { CLUSTERC_NO_BUNDLE: "1" })).toBe("sources");
  });

  it("never runs a bundle older than a compiler source or package.json", () => {
    fileAt(root, BUNDLE_ENTRY, T + 10);
    fileAt(root, "gen/generate.ts", T + 20);
    expect(choose(["gen", "a.zp"])).toBe("sources");
    fileAt(root, "gen/generate.ts", T);
    expect(choose(["gen", "a.zp"])).toBe("bundle");
    fileAt(root, "package.json", T + 20);
    expect(choose(["gen", "a.zp"])).toBe("sources");
  });
});

describe("chooseEntry in an installed package", () => {
  it("runs the bundle for every command when the package ships no sources", () => {
    const root = join(temp, "installed");
    fileAt(root, "package.json", 1_700_000_100);
    fileAt(root, BUNDLE_ENTRY, 1_700_000_000);
    for (const argv of [
      ["gen", "a.zp"],
      ["encode", "a.zp", "m"],
      ["decode", "a.zp", "m"],
    ]) {
      expect(chooseEntry({ root, argv, env: {} })).toBe("bundle");
    }
  });
});

describe("compiler/bin/clusterc.js gen", () => {
  it("writes what the generator produces in-process, through both entries", async () => {
    const schema = join(REPO_ROOT, "schemas/calc.zp");
    const compiled = await compileSchemaFile(schema);
    const expected = await generateModule(compiled.model!, { schemaPath: "schemas/calc.zp" });
    for (const env of [{ CLUSTERC_NO_BUNDLE: "1" }, {}]) {
      const out = join(temp, `out-${Object.keys(env).length}`);
      const result = spawnSync(process.execPath, ["compiler/bin/clusterc.js", "gen", "schemas/calc.zp", "-o", out], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
        encoding: "utf8",
      });
      expect(result.stderr).toContain("wrote");
      expect(result.status).toBe(0);
      expect(readFileSync(join(out, "calc.ts"), "utf8")).toBe(expected);
    }
  }, 60_000);
});
