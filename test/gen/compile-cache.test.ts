/**
 * The V8 code cache of `clusterc gen` (compiler/cli/compile-cache.ts), in real child
 * processes: the first run compiles and writes the cache, the next one compiles from it
 * and the module behaves the same (its own requires and children, `__dirname`, exports); an edited file misses and replaces its old entry; `CLUSTERC_COMPILE_CACHE=off`
 * turns it off, as does a folder whose parent is missing; other files are never touched.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const temp = mkdtempSync(join(tmpdir(), "clusterc-cache-test-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Node 22.8+ uses its own compile cache; these tests cover the path of older versions. */
const nodeHasCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === "function";

interface RunResult {
  readonly exported: unknown;
  readonly stats: { mode: string; hits: number; misses: number; written: number };
}

function run(cacheDir: string, module: string, env: Record<string, string> = {}): RunResult {
  const out = execFileSync(process.execPath, ["--import", "tsx", "test/gen/fixtures/compile-cache-run.ts", cacheDir, module], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return JSON.parse(out.toString()) as RunResult;
}

describe.skipIf(nodeHasCache)("compile cache (Node 20: the CommonJS compile step, wrapped)", () => {
  const cacheDir = join(temp, "cache");
  const lib = join(temp, "lib");
  const main = join(lib, "cached-main.cjs");
  rmSync(lib, { recursive: true, force: true });
  execFileSync("mkdir", ["-p", lib]);
  writeFileSync(join(lib, "helper.cjs"), "module.exports = (x) => x * 2;\n");
  writeFileSync(
    main,
    [
      'const path = require("node:path");',
      'const double = require("./helper.cjs");',
      "module.exports = { dir: path.basename(__dirname), file: path.basename(__filename), value: double(21), children: module.children.length };",
      "",
    ].join("\n"),
  );
  const expected = { dir: "lib", file: "cached-main.cjs", value: 42, children: 1 };

  it("writes the cache on the first run and compiles from it on the next, with the same behaviour", () => {
    const first = run(cacheDir, main);
    expect(first.exported).toEqual(expected);
    expect(first.stats).toEqual({ mode: "wrapped", hits: 0, misses: 1, written: 1 });
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".v8"))).toHaveLength(1);

    const second = run(cacheDir, main);
    expect(second.exported).toEqual(expected);
    expect(second.stats).toEqual({ mode: "wrapped", hits: 1, misses: 0, written: 0 });
  });

  it("misses when the file changes, and the new entry replaces the old one", () => {
    run(cacheDir, main);
    writeFileSync(main, "module.exports = { value: 7, longer: true };\n");
    const edited = run(cacheDir, main);
    expect(edited.exported).toEqual({ value: 7, longer: true });
    expect(edited.stats).toMatchObject({ hits: 0, misses: 1, written: 1 });
    expect(run(cacheDir, main).stats).toMatchObject({ hits: 1, misses: 0 });
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".v8"))).toHaveLength(1);
  });

  it("stays off when the folder's parent is missing (the run still works)", () => {
    const nowhere = run(join(temp, "missing", "cache"), main, { CLUSTERC_COMPILE_CACHE: "" });
    expect(nowhere.stats).toEqual({ mode: "off", hits: 0, misses: 0, written: 0 });
    expect(nowhere.exported).toEqual({ value: 7, longer: true });
  });

  it("is off with CLUSTERC_COMPILE_CACHE=off, and never touches other files", () => {
    const off = run(join(temp, "unused"), main, { CLUSTERC_COMPILE_CACHE: "off" });
    expect(off.stats).toEqual({ mode: "off", hits: 0, misses: 0, written: 0 });
    const other = join(lib, "helper-user.cjs");
    writeFileSync(other, 'module.exports = require("./helper.cjs")(5);\n');
    const plain = run(join(temp, "other-cache"), other);
    expect(plain.exported).toBe(10);
    expect(plain.stats).toEqual({ mode: "wrapped", hits: 0, misses: 0, written: 0 });
  });
});
