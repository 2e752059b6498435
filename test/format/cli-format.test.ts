/**
 * `clusterc format` at the process level: prints, checks (exit 1 and the files it would change,
 * like `prettier --check`) and writes; reads standard input; a file that does not parse is a
 * located error and is left alone.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../compiler/cli/process.ts";

let dir: string;
const UGLY = "a 1 { .x : int32 1 # the x\n}\n";
const PRETTY = "a 1 {\n\t.x:int32 1 # the x\n}\n";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clusterc-format-"));
  writeFileSync(join(dir, "ugly.zp"), UGLY);
  writeFileSync(join(dir, "pretty.zp"), PRETTY);
  writeFileSync(join(dir, "broken.zp"), "a {\n\t.x:int32\n}\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], input?: string) => runCli(args, { cwd: dir, ...(input === undefined ? {} : { input }) });

describe("clusterc format", { timeout: 60_000 }, () => {
  it("prints the formatted text; reads standard input for '-'", async () => {
    expect(await cli(["format", "ugly.zp"])).toEqual({ code: 0, stdout: PRETTY, stderr: "" });
    expect(await cli(["format", "-"], UGLY)).toEqual({ code: 0, stdout: PRETTY, stderr: "" });
  });

  it("--check: exit 1 and the files it would change on stdout; exit 0 when all are formatted", async () => {
    const run = await cli(["format", "--check", "pretty.zp", "ugly.zp"]);
    expect(run).toEqual({
      code: 1,
      stdout: "ugly.zp\n",
      stderr: "clusterc format: 1 file is not formatted; run 'clusterc format --write'\n",
    });
    expect((await cli(["format", "--check", "pretty.zp"])).code).toBe(0);
    expect(readFileSync(join(dir, "ugly.zp"), "utf8")).toBe(UGLY);
  });

  it("--write rewrites only what changes, and a glob pattern works quoted", async () => {
    const run = await cli(["format", "--write", "*.zp"]);
    expect(run.code).toBe(1); // broken.zp does not parse
    expect(run.stderr).toContain("clusterc format: formatted ugly.zp\n");
    expect(readFileSync(join(dir, "ugly.zp"), "utf8")).toBe(PRETTY);
    expect(readFileSync(join(dir, "broken.zp"), "utf8")).toBe("a {\n\t.x:int32\n}\n");
  });

  it("a file that does not parse: its syntax error, located, and exit 1", async () => {
    const run = await cli(["format", "--check", "broken.zp"]);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").slice(0, 3)).toEqual([expect.stringMatching(/^broken\.zp:3:1: error\[syntax-error\]: /), "}", "^"]);
  });

  it("usage errors: exit 2, one line", async () => {
    const both = await cli(["format", "--check", "--write", "a.zp"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("clusterc format: error: --check and --write exclude each other (see 'clusterc format --help')\n");
    const none = await cli(["format", "nothing-*.zp"]);
    expect([none.code, none.stderr]).toEqual([1, "clusterc format: error: no schema files match 'nothing-*.zp'\n"]);
  });
});
