/**
 * The README's "Use it in your own app", run exactly as written, from the README's own code
 * blocks: its shell blocks are run in order (the `npm pack` one in this repository, the rest in a
 * fresh folder outside it, with /tmp/clusterc replaced by a temporary folder), its file blocks are
 * written where their first line says (`// tsconfig.json`, `// src/main.ts`), and the greeter schema
 * is the one of "Your first service". npm installs what the README says: `typescript` and
 * `@types/node` as the registry serves them today (TypeScript 7.x as of this writing). The app must
 * print `hello, world` under plain node. Then every example of examples/ is type-checked in that app,
 * against the packed packages, with the newest TypeScript and @types/node, under every strict flag.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodeBlock, codeBlocks, REPO_ROOT, readRepoFile } from "./markdown.ts";

const README = readRepoFile("README.md");
const SECTION = "## Use it in your own app";
const work = mkdtempSync(join(tmpdir(), "clusterc-readme-app-"));
const app = join(work, "my-app");
/** npm without audit, fund and chatter; everything else as a user's npm. */
const env = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_loglevel: "error",
  npm_config_update_notifier: "false",
};

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The code blocks of the section, in order. */
function sectionBlocks(): CodeBlock[] {
  const start = README.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no section '${SECTION}'`);
  const end = README.indexOf("\n## ", start + SECTION.length);
  const startLine = README.slice(0, start).split("\n").length;
  return codeBlocks("README.md", README.slice(start, end < 0 ? undefined : end)).map((b) => ({ ...b, line: b.line + startLine - 1 }));
}

/** Runs a shell block with bash -e in `cwd`; throws with its output on failure. */
function runShell(block: CodeBlock, cwd: string): string {
  const script = block.code.replaceAll("/tmp/clusterc", join(work, "tarballs"));
  try {
    return execFileSync("bash", ["-e", "-c", script], { cwd, env, encoding: "utf8", stdio: "pipe", timeout: 300_000 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`README.md:${block.line}: the block failed in ${cwd}:\n${script}\n---\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

/** The file a block is for, named by its first line (`// src/main.ts`), or undefined for a shell block. */
function fileOf(block: CodeBlock): string | undefined {
  return /^\/\/ ([\w./-]+)\s*$/.exec(block.code.split("\n")[0] ?? "")?.[1];
}

describe("the README's own-app path, step by step", () => {
  let output = "";
  const blocks = sectionBlocks();

  beforeAll(() => {
    const shell = blocks.filter((b) => b.lang === "sh");
    const files = blocks.filter((b) => fileOf(b) !== undefined);
    const greeter = codeBlocks("README.md", README).find((b) => b.lang === "zp" && b.code.includes("service greeter"));
    if (greeter === undefined) throw new Error("README.md has no greeter schema");
    const [pack, setUp, build] = shell;
    if (pack === undefined || setUp === undefined || build === undefined)
      throw new Error("expected three shell blocks: pack, set up the app, build and run");
    expect(pack.code).toContain("npm pack");
    expect(setUp.code).toContain("cd my-app");
    expect(build.code).toContain("node dist/main.js");
    runShell(pack, REPO_ROOT); // in the clone, as the README says
    runShell(setUp, work);
    writeFileSync(join(app, "schemas", "greeter.zp"), `${greeter.code}\n`);
    for (const block of files) {
      const path = join(app, fileOf(block) ?? "");
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${block.code}\n`);
    }
    output = runShell(build, app);
  }, 600_000);

  it("installs today's typescript and @types/node, as the README says", () => {
    const latest = execFileSync("npm", ["view", "typescript", "version"], { env, encoding: "utf8" }).trim();
    const installed = JSON.parse(readFileSync(join(app, "node_modules", "typescript", "package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe(latest);
    const tsconfig = readFileSync(join(app, "tsconfig.json"), "utf8");
    expect(tsconfig).not.toMatch(/"types"/); // the runtime's declarations load Node's types themselves
  });

  it("generates, compiles with tsc and runs with plain node: hello, world", () => {
    expect(output.trim().split("\n").at(-1)).toBe("hello, world");
  });

  it("every example type-checks there: the packed packages, the newest TypeScript and @types/node, every strict flag", () => {
    const dir = join(app, "examples-check");
    cpSync(join(REPO_ROOT, "examples"), join(dir, "examples"), { recursive: true, filter: (f) => !f.endsWith("tsconfig.json") });
    cpSync(join(REPO_ROOT, "generated"), join(dir, "generated"), { recursive: true });
    // The optional integrations the examples use, at the versions this repository tests.
    execFileSync("npm", ["install", "--no-save", "etcd3@1.1.2", "prom-client@15.1.3"], { cwd: app, env, stdio: "pipe", timeout: 300_000 });
    const compilerOptions = {
      target: "ES2022",
      module: "NodeNext",
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noPropertyAccessFromIndexSignature: true,
      noImplicitOverride: true,
      noImplicitReturns: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noFallthroughCasesInSwitch: true,
      verbatimModuleSyntax: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      skipLibCheck: false,
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["examples", "generated"] }));
    try {
      execFileSync(process.execPath, [join(app, "node_modules", "typescript", "bin", "tsc"), "-p", dir], {
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      throw new Error(`examples do not type-check:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
  }, 300_000);
});
