/**
 * The compiler reads as its pipeline: one folder per stage, each importing only itself and the
 * stages before it (type imports included), so dependencies point down —
 * `diagnostics/` → `naming/` → `syntax/` → `model/` → `check/` → `compile.ts` → `format/` →
 * `breaking/` → `config/` → `gen/` → `lsp/` → `cli/` → `bin/` (`naming/`, `format/`, `breaking/`
 * and `config/` are pure modules beside the pipeline, placed where their imports put them; the
 * language server uses the front end, naming, format and config, and of gen only its pure
 * naming modules: the layering check in scripts/layers/rules.ts holds it to that).
 * Nothing else sits at the top of `compiler/` but the entry, the README and the manifest.
 */
import { readdirSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const COMPILER = fileURLToPath(new URL("../../compiler/", import.meta.url));

/** The stages in pipeline order; a file may import from its own stage and those before it. */
const STAGES = [
  "diagnostics",
  "naming",
  "syntax",
  "model",
  "check",
  "compile.ts",
  "format",
  "breaking",
  "config",
  "gen",
  "lsp",
  "cli",
  "bin",
] as const;

/** What `npm run build` and npm leave in `compiler/` (git-ignored, not sources). */
const BUILD_OUTPUT = new Set(["dist", "LICENSE", "node_modules"]);

/** Source files under `compiler/`, relative to it, with forward slashes. */
function sources(): string[] {
  return (readdirSync(COMPILER, { recursive: true }) as string[])
    .map((p) => p.split("\\").join("/"))
    .filter((p) => /\.(ts|js)$/.test(p) && !BUILD_OUTPUT.has(p.split("/")[0] ?? ""));
}

/** The relative module specifiers `file` imports or re-exports, statically or dynamically. */
function relativeImports(file: string): string[] {
  const text = readFileSync(`${COMPILER}${file}`, "utf8");
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g)) {
    const spec = m[1] ?? m[2] ?? "";
    if (spec.startsWith(".")) specs.push(spec);
  }
  return specs;
}

/** The stage a path under `compiler/` belongs to: its folder, or the top-level file itself. */
function stageOf(path: string): string {
  return path.split("/")[0] ?? path;
}

describe("compiler stages", () => {
  it("hold every top-level entry of compiler/ but the README and the manifest", () => {
    const top = readdirSync(COMPILER).filter((name) => !BUILD_OUTPUT.has(name));
    expect(top.sort()).toEqual([...STAGES, "README.md", "package.json"].sort());
  });

  it("import only their own stage and earlier ones", () => {
    const upward: string[] = [];
    const files = sources();
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const from = STAGES.indexOf(stageOf(file) as (typeof STAGES)[number]);
      expect(from, `${file} is in no stage`).toBeGreaterThanOrEqual(0);
      for (const spec of relativeImports(file)) {
        const target = posix.normalize(posix.join(posix.dirname(file), spec));
        const to = STAGES.indexOf(stageOf(target) as (typeof STAGES)[number]);
        if (to < 0 || to > from) upward.push(`${file} imports ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
