/**
 * Transpiles the fixture server and the runtime it imports to plain ES modules in a temporary
 * directory (TypeScript's transpileModule, `.ts` imports rewritten to `.js`), so child servers start
 * with plain `node` in a fraction of the time `--import tsx` takes. The output directory is named
 * by a hash of the sources, so runs share it and it never goes stale; it is built in a short-lived
 * child so the compiler never sits in the memory of the process under test (the soak reports its RSS).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let compiled: string | undefined;

function sources(root: string): string[] {
  const runtime = (readdirSync(join(root, "runtime"), { recursive: true }) as string[])
    .map((name) => name.split("\\").join("/"))
    // Sources only: not the package's build output (runtime/dist, .d.ts files) or dependencies.
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts") && !name.startsWith("dist/") && !name.startsWith("node_modules/"))
    .map((name) => `runtime/${name}`);
  return [...runtime, "scripts/fixture-server/server.ts", "scripts/fixture-server/commands.ts"];
}

/** The transpiler, run by `node --input-type=module` with the repository as cwd; reads its job on stdin. */
const TRANSPILE = `
import ts from "typescript";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
const { root, out, files } = JSON.parse(readFileSync(0, "utf8"));
writeFileSync(join(out, "package.json"), '{ "type": "module" }\\n');
for (const file of files) {
  const result = ts.transpileModule(readFileSync(join(root, file), "utf8"), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, rewriteRelativeImportExtensions: true, verbatimModuleSyntax: true },
  });
  const target = join(out, file.replace(/\\.ts$/, ".js"));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, result.outputText);
}
`;

/** The path of the transpiled fixture server (`…/scripts/fixture-server/server.js`). */
export function compiledFixtureServer(root: string): string {
  if (compiled !== undefined) return compiled;
  const files = sources(root);
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update(readFileSync(join(root, file)));
  const out = join(tmpdir(), `clusterc-fixture-${hash.digest("hex").slice(0, 16)}`);
  const entry = join(out, "scripts/fixture-server/server.js");
  if (!existsSync(entry)) {
    const work = mkdtempSync(join(tmpdir(), "clusterc-fixture-build-"));
    execFileSync(process.execPath, ["--input-type=module", "-e", TRANSPILE], {
      cwd: root,
      input: JSON.stringify({ root, out: work, files }),
      stdio: ["pipe", "inherit", "inherit"],
    });
    try {
      renameSync(work, out);
    } catch {
      // Another process finished the same build first: use its output.
      rmSync(work, { recursive: true, force: true });
    }
  }
  compiled = entry;
  return compiled;
}
