/**
 * Child-process entries for the discovery tests, transpiled once to plain ES modules (so a child
 * starts with plain `node` in a fraction of the time `--import tsx` takes): the runtime, the
 * generated code and the given entry files go to a temporary directory named by a hash of their
 * sources, `.ts` imports become `.js`, the runtime package's entries become relative imports, and
 * a `node_modules` link to the repository's lets `etcd3` resolve. Built in a short-lived child.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function tsFiles(dir: string): string[] {
  return (readdirSync(join(REPO_ROOT, dir), { recursive: true }) as string[])
    .map((name) => name.split("\\").join("/"))
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts") && !name.startsWith("dist/") && !name.startsWith("node_modules/"))
    .map((name) => `${dir}/${name}`);
}

/** The transpiler, run by `node --input-type=module` in the repository; reads its job on stdin. */
const TRANSPILE = `
import ts from "typescript";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
const { root, out, files, entries } = JSON.parse(readFileSync(0, "utf8"));
writeFileSync(join(out, "package.json"), '{ "type": "module" }\\n');
for (const file of files) {
  let text = ts.transpileModule(readFileSync(join(root, file), "utf8"), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, rewriteRelativeImportExtensions: true, verbatimModuleSyntax: true },
  }).outputText;
  for (const [name, target] of Object.entries(entries)) {
    let rel = relative(dirname(file), target).split("\\\\").join("/");
    if (!rel.startsWith(".")) rel = "./" + rel;
    text = text.split('"' + name + '"').join('"' + rel + '"');
  }
  const dest = join(out, file.replace(/\\.ts$/, ".js"));
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, text);
}
`;

const built = new Map<string, string>();

/** The path of `entry` (e.g. "test/discovery/fixtures/etcd-member.ts") transpiled with everything it needs. */
export function transpiledEntry(entry: string, extra: readonly string[] = []): string {
  const cached = built.get(entry);
  if (cached !== undefined) return cached;
  const files = [...tsFiles("runtime"), ...tsFiles("generated"), entry, ...extra];
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update(readFileSync(join(REPO_ROOT, file)));
  const out = join(tmpdir(), `clusterc-discovery-${hash.digest("hex").slice(0, 16)}`);
  if (!existsSync(out)) {
    const work = mkdtempSync(join(tmpdir(), "clusterc-discovery-build-"));
    execFileSync(process.execPath, ["--input-type=module", "-e", TRANSPILE], {
      cwd: REPO_ROOT,
      input: JSON.stringify({
        root: REPO_ROOT,
        out: work,
        files,
        entries: {
          "@clusterc/runtime/codegen-v1": "runtime/codegen-v1.js",
          "@clusterc/runtime/zproto": "runtime/zproto/index.js",
          "@clusterc/runtime": "runtime/index.js",
        },
      }),
      stdio: ["pipe", "inherit", "inherit"],
    });
    symlinkSync(join(REPO_ROOT, "node_modules"), join(work, "node_modules"), "dir");
    try {
      renameSync(work, out);
    } catch {
      // Another process finished the same build first: use its output.
      rmSync(work, { recursive: true, force: true });
    }
  }
  const path = join(out, entry.replace(/\.ts$/, ".js"));
  built.set(entry, path);
  return path;
}
