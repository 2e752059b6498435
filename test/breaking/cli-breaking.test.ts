/**
 * `clusterc breaking` at the process level, on git repositories made here (removed after):
 * against a branch, a tag, `HEAD` and `origin/main` in a fresh (shallow) clone as CI has it,
 * against a folder and a file; text and JSON reports and exit codes; and the one-line errors
 * of bad input — no repository, an unknown ref, no `--against` — and a schema that does not
 * compile on one side, located on that side.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BreakingJsonReport } from "../../compiler/cli/breaking.ts";
import { runCli } from "../compiler/cli/process.ts";

const V1 = [
  "# A calculator.",
  "",
  "add 0x01 {",
  "\t.a:int32 1",
  "\t.b:int32 2",
  "\t.note:string 5",
  "}",
  "",
  "sum 0x02 {",
  "\t.result:int32 1",
  "}",
  "",
  "notify 0x10 {",
  "\t.message:string 1",
  "}",
  "",
  "service calc {",
  "\tadd -> sum",
  "\tnotify",
  "}",
  "",
].join("\n");

/** v2: a field inserted below tag 5, a field renamed, a one-way method removed. */
const V2 = V1.replace("\t.b:int32 2\n", "\t.b:int32 2\n\t.scale:short 3\n")
  .replace(".result:int32 1", ".total:int32 1")
  .replace("\tnotify\n", "");

let root: string;
let repo: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-c", "user.name=clusterc", "-c", "user.email=clusterc@localhost", "-c", "init.defaultBranch=main", ...args],
    {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "clusterc-breaking-cli-"));
  repo = join(root, "repo");
  mkdirSync(repo);
  git(repo, "init", "-q");
  write(repo, "schemas/calc.zp", V1);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "v1");
  git(repo, "tag", "v1");
  // A branch whose schema does not compile.
  git(repo, "checkout", "-q", "-b", "broken");
  write(repo, "schemas/calc.zp", V1.replace("\t.b:int32 2\n", "\t.b:int32\n"));
  git(repo, "commit", "-q", "-am", "broken");
  git(repo, "checkout", "-q", "main");
  write(repo, "schemas/calc.zp", V2);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cli = (cwd: string, ...args: string[]) => runCli(args, { cwd });

describe("clusterc breaking against git refs", { timeout: 60_000 }, () => {
  it("reports each change located, with a caret and the directions, and exits 1", async () => {
    const run = await cli(repo, "breaking", "schemas/*.zp", "--against", "main");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")).toEqual([
      "main:schemas/calc.zp:19:2: error[method-removed]: method 'notify' (cmd 0x10) of service 'calc' was removed: old nodes still call it and new servers drop the request (the caller times out) (breaks when old nodes send to new nodes)",
      "\tnotify",
      "\t^~~~~~",
      "schemas/calc.zp:6:2: error[field-inserted]: new field 'scale' (tag 3) of struct 'add' is below existing tags: old readers stop decoding 'add' at tag 3 and drop 'note' (tag 5); give it a tag above 5 (breaks when new nodes send to old nodes)",
      "\t.scale:short 3",
      "\t^~~~~~~~~~~~~~",
      "clusterc breaking: 2 breaking changes against main (wire level, 1 file)",
      "",
    ]);
  });

  it("--format json: one report on stdout with levels and directions; --level source adds renames", async () => {
    const run = await cli(repo, "breaking", "schemas/calc.zp", "--against", "v1", "--format", "json", "--level", "source");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as BreakingJsonReport;
    expect(report).toMatchObject({ against: "v1", level: "source", files: ["schemas/calc.zp"], errors: 0, breaking: 3 });
    expect(report.diagnostics.map((d) => [d.file, d.line, d.column, d.code, d.level, d.directions])).toEqual([
      ["schemas/calc.zp", 6, 2, "field-inserted", "wire", ["new-to-old"]],
      ["schemas/calc.zp", 11, 2, "field-renamed", "source", []],
      ["v1:schemas/calc.zp", 19, 2, "method-removed", "wire", ["old-to-new"]],
    ]);
  });

  it("exits 0 when nothing breaks", async () => {
    git(repo, "stash", "-q");
    try {
      const same = await cli(repo, "breaking", "schemas/*.zp", "--against", "HEAD");
      expect(same).toEqual({ code: 0, stdout: "", stderr: "clusterc breaking: no breaking changes against HEAD (wire level, 1 file)\n" });
    } finally {
      git(repo, "stash", "pop", "-q");
    }
  });

  it("a schema that does not compile on the old side is located there, in the ref", async () => {
    const run = await cli(repo, "breaking", "schemas/calc.zp", "--against", "broken");
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")[0]).toMatch(/^broken:schemas\/calc\.zp:6:2: error\[syntax-error\]: /);
    expect(run.stderr).toContain("clusterc breaking: no breaking changes against broken (wire level, 1 file, 1 schema error)\n");
  });

  it("a schema that does not compile in the working tree is located there", async () => {
    write(repo, "schemas/bad.zp", "x 0x30 { .y:nope 1 }\n");
    try {
      const run = await cli(repo, "breaking", "schemas/*.zp", "--against", "main", "--format", "json");
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as BreakingJsonReport;
      expect(report.errors).toBe(1);
      expect(report.diagnostics[0]).toMatchObject({ file: "schemas/bad.zp", line: 1, column: 13, code: "unknown-type" });
    } finally {
      rmSync(join(repo, "schemas/bad.zp"));
    }
  });

  it("works in a fresh shallow clone against origin/main, as a CI step", async () => {
    const clone = join(root, "clone");
    git(root, "clone", "-q", "--depth", "1", "--branch", "main", `file://${repo}`, clone);
    write(clone, "schemas/calc.zp", V2);
    const run = await cli(clone, "breaking", "schemas/*.zp", "--against", "origin/main");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("origin/main:schemas/calc.zp:19:2: error[method-removed]");
    expect(run.stderr).toContain("clusterc breaking: 2 breaking changes against origin/main");
  });

  it("takes its inputs and options from clusterc.json", async () => {
    write(repo, "clusterc.json", JSON.stringify({ inputs: ["schemas/*.zp"], breaking: { except: ["method-removed"] } }));
    try {
      const run = await cli(repo, "breaking", "--against", "main");
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("error[field-inserted]");
      expect(run.stderr).not.toContain("method-removed");
    } finally {
      rmSync(join(repo, "clusterc.json"));
    }
  });
});

describe("clusterc breaking against a folder or a file", { timeout: 60_000 }, () => {
  it("a folder stands for the working directory as it was; a file for the one schema given", async () => {
    const old = join(root, "old");
    write(old, "schemas/calc.zp", V1);
    const folder = await cli(repo, "breaking", "schemas/*.zp", "--against", old);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain(`${old}/schemas/calc.zp:19:2: error[method-removed]`);
    const file = await cli(repo, "breaking", "schemas/calc.zp", "--against", join(old, "schemas/calc.zp"), "--format", "json");
    expect(file.code).toBe(1);
    expect((JSON.parse(file.stdout) as BreakingJsonReport).breaking).toBe(2);
    cpSync(join(repo, "schemas/calc.zp"), join(old, "schemas/calc.zp"));
    expect((await cli(repo, "breaking", "schemas/calc.zp", "--against", old)).code).toBe(0);
  });
});

describe("clusterc breaking: bad input is one line", { timeout: 60_000 }, () => {
  it("outside a git repository", async () => {
    const outside = join(root, "outside");
    write(outside, "calc.zp", V1);
    const run = await cli(outside, "breaking", "calc.zp", "--against", "main");
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: `clusterc breaking: error: 'main' is not a file or folder, and '${outside}' is not in a git repository\n`,
    });
  });

  it("an unknown ref", async () => {
    const run = await cli(repo, "breaking", "schemas/calc.zp", "--against", "no-such-branch");
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: "clusterc breaking: error: unknown git ref 'no-such-branch' (and no file or folder of that name)\n",
    });
  });

  it("no --against, a bad --level: usage errors (exit 2)", async () => {
    const none = await cli(repo, "breaking", "schemas/calc.zp");
    expect(none).toEqual({
      code: 2,
      stdout: "",
      stderr: "clusterc breaking: error: --against is required (a git ref, a folder or a file) (see 'clusterc breaking --help')\n",
    });
    const level = await cli(repo, "breaking", "schemas/calc.zp", "--against", "main", "--level", "bytes");
    expect(level.code).toBe(2);
    expect(level.stderr).toBe(
      "clusterc breaking: error: --level must be 'wire' or 'source', got 'bytes' (see 'clusterc breaking --help')\n",
    );
  });
});
