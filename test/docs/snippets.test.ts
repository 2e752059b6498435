/**
 * Every TypeScript snippet of the docs compiles: each ` ```ts ` block of README.md, docs/ and the
 * package READMEs is written out as a module of its own and type-checked with TypeScript 7 under
 * `strict`, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess` and
 * `noPropertyAccessFromIndexSignature`. Snippets import `@clusterc/runtime…` (the sources, through
 * the repository's paths) and generated modules as `./generated/<schema>.ts` or `./gen/<schema>.js`:
 * every schema of schemas/ and the README's greeter, generated here from the README's own block.
 * A block that is not meant to compile says so on its first line, where readers see it
 * (`// Shape only (not compiled): …`). Every ` ```zp ` block must compile with clusterc.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSchema } from "../../compiler/compile.ts";
import { generateModule } from "../../compiler/gen/index.ts";
import { type CodeBlock, codeBlocks, docFiles, REPO_ROOT, readRepoFile } from "./markdown.ts";

const NOT_COMPILED = /^\/\/[^\n]*\bnot compiled\b/i;
const blocks: CodeBlock[] = docFiles().flatMap((file) => codeBlocks(file, readRepoFile(file)));
const tsBlocks = blocks.filter((b) => b.lang === "ts" || b.lang === "typescript");
const zpBlocks = blocks.filter((b) => b.lang === "zp");
const cacheDir = join(REPO_ROOT, "node_modules", ".cache");
let work = "";

/** `docs/runtime-api.md`, line 12 → `docs__runtime-api.md__L12.ts`. */
function moduleName(block: CodeBlock): string {
  return `${block.file.replace(/\//g, "__")}__L${block.line}.ts`;
}

beforeAll(async () => {
  mkdirSync(cacheDir, { recursive: true });
  work = mkdtempSync(join(cacheDir, "clusterc-doc-snippets-"));
  writeFileSync(join(work, "package.json"), '{ "type": "module" }\n');
  // Generated modules under both names the docs use: the repository's schemas, and the README's greeter.
  for (const dir of ["generated", "gen"]) {
    mkdirSync(join(work, dir));
    for (const f of readdirSync(join(REPO_ROOT, "generated"))) symlinkSync(join(REPO_ROOT, "generated", f), join(work, dir, f));
  }
  const greeter = zpBlocks.find((b) => b.file === "README.md" && b.code.includes("service greeter"));
  if (greeter === undefined) throw new Error("README.md has no ```zp block with the greeter service");
  const compiled = compileSchema(greeter.code, "schemas/greeter.zp");
  if (compiled.model === undefined)
    throw new Error(`the README's greeter schema does not compile: ${compiled.diagnostics.map((d) => d.message).join("; ")}`);
  const source = await generateModule(compiled.model, { schemaPath: "schemas/greeter.zp" });
  for (const dir of ["generated", "gen"]) writeFileSync(join(work, dir, "greeter.ts"), source);
  const compilerOptions = {
    noEmit: true,
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noPropertyAccessFromIndexSignature: true,
    noUnusedLocals: false,
    noUnusedParameters: false,
    moduleDetection: "force",
  };
  const files = tsBlocks.filter((b) => !NOT_COMPILED.test(b.code)).map(moduleName);
  for (const block of tsBlocks) if (!NOT_COMPILED.test(block.code)) writeFileSync(join(work, moduleName(block)), `${block.code}\n`);
  writeFileSync(
    join(work, "tsconfig.json"),
    JSON.stringify({ extends: join(REPO_ROOT, "tsconfig.json"), compilerOptions, files, include: [] }, null, 2),
  );
}, 60_000);

afterAll(() => {
  if (work !== "") rmSync(work, { recursive: true, force: true });
});

/** tsc's errors, by snippet module name. */
let errorsByModule: Map<string, string[]> | undefined;
function typeErrors(): Map<string, string[]> {
  if (errorsByModule !== undefined) return errorsByModule;
  const tsc = join(REPO_ROOT, "node_modules", "typescript-7", "bin", "tsc");
  let output = "";
  try {
    execFileSync(process.execPath, [tsc, "-p", join(work, "tsconfig.json")], { encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    output = `${e.stdout ?? ""}${e.stderr ?? ""}`;
  }
  errorsByModule = new Map();
  let current: string[] | undefined;
  for (const line of output.split("\n")) {
    const m = /([^/\s]+\.md__L\d+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
    if (m !== null) {
      const list = errorsByModule.get(m[1] ?? "") ?? [];
      errorsByModule.set(m[1] ?? "", list);
      list.push(`snippet line ${m[2]}, column ${m[3]}: ${m[4]}`);
      current = list;
    } else if (/^\s/.test(line) && current !== undefined) current.push(line.trim());
    else if (line.trim() !== "") {
      current = undefined;
      const list = errorsByModule.get("(outside the snippets)") ?? [];
      errorsByModule.set("(outside the snippets)", list);
      list.push(line);
    }
  }
  return errorsByModule;
}

describe("TypeScript snippets in the docs", () => {
  it("there are snippets to check, and every block that is skipped says so", () => {
    expect(tsBlocks.length).toBeGreaterThan(10);
    for (const block of tsBlocks.filter((b) => NOT_COMPILED.test(b.code))) expect(block.code.split("\n")[0]).toMatch(NOT_COMPILED);
  });

  it.each(tsBlocks.filter((b) => !NOT_COMPILED.test(b.code)).map((b) => [`${b.file}:${b.line}`, b] as const))(
    "%s compiles",
    (_where, block) => {
      expect(typeErrors().get(moduleName(block)) ?? []).toEqual([]);
    },
    120_000,
  );

  it("nothing outside the snippets fails to compile", () => {
    expect(typeErrors().get("(outside the snippets)") ?? []).toEqual([]);
  }, 120_000);
});

describe("zproto schemas in the docs", () => {
  it.each(zpBlocks.map((b) => [`${b.file}:${b.line}`, b] as const))("%s compiles with clusterc", (where, block) => {
    const { diagnostics } = compileSchema(block.code, where);
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => `${d.loc.line}:${d.loc.column} ${d.code}: ${d.message}`)).toEqual(
      [],
    );
  });
});
