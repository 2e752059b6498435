/**
 * `clusterc check`, in process (the CLI's `main` with captured streams; the real process is run
 * in failures.test.ts): exit codes, gcc-style diagnostics and the summary on stderr, the
 * JSON report on stdout, usage errors and --help.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../../compiler/diagnostics/format.ts";
import { runCliInProcess } from "./in-process.ts";
import type { CliRun } from "./process.ts";
import { FIXTURES_DIR, ZPROTO_DIR } from "../helpers.ts";

/** Runs `clusterc check ...args` in process (from the repository root, vitest's working folder). */
function check(...args: string[]): Promise<CliRun> {
  return runCliInProcess(["check", ...args]);
}

const GOOD = join(ZPROTO_DIR, "nested.zp");
const BAD = join(ZPROTO_DIR, "bad-schemas", "01-descending-tags.zp");
const WARN = join(FIXTURES_DIR, "warnings-only.zp");

describe("clusterc check", { timeout: 30_000 }, () => {
  it("exits 0 on good schemas (warnings allowed), printing the warnings and a summary on stderr", async () => {
    const run = await check(GOOD, join(FIXTURES_DIR, "services.zp"), WARN);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`${WARN}:2:6: warning[large-protocol-tag]: `);
    expect(run.stderr.endsWith("clusterc check: 3 files, 0 errors, 1 warning\n")).toBe(true);
  });

  it("exits 1 on errors, gcc-style on stderr, and also for unreadable files", async () => {
    const run = await check(BAD, "no/such/file.zp");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${BAD}:3:11: error[tag-not-ascending]: `);
    expect(run.stderr).toContain("\t.y:int32 1\n\t         ^\n");
    expect(run.stderr).toContain("no/such/file.zp:1:1: error[file-unreadable]: ");
    expect(run.stderr).toContain("2 files, 2 errors, 0 warnings");
  });

  it("--format json prints one report on stdout", async () => {
    const run = await check("--format", "json", BAD, GOOD);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.files).toEqual([BAD, GOOD]);
    expect(report.errors).toBe(1);
    expect(report.warnings).toBe(0);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ file: BAD, line: 3, column: 11, severity: "error", code: "tag-not-ascending" }),
    ]);
  });

  it("exits 2 on usage errors and 0 on --help", async () => {
    const [none, help] = await Promise.all([check(), check("--help")]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no schema files given");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("usage: clusterc check [FILE...]");
  });
});
