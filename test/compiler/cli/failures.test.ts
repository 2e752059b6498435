/**
 * Every failure of `clusterc` is one line on stderr (`clusterc …: error: …`), never a stack
 * trace, with the documented exit code (1 data and file errors, 2 usage errors), and names the
 * path at fault: files that cannot be read, output folders that are files (and output files
 * that are folders), unwritable output, bad JSON and hex, unknown messages, commands and
 * options, missing arguments. The failure modes run in process (the CLI's `main` with captured
 * streams: no process start each); the real process is run once per command, and for a
 * reader that goes away (EPIPE), which only a process has; those processes run side by side.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { reportFailures } from "../../../compiler/cli/errors.ts";
import { runCliInProcess } from "./in-process.ts";
import { type CliRun, runCli, type RunCliOptions } from "./process.ts";
import { ZPROTO_DIR } from "../helpers.ts";

const SCHEMA = join(ZPROTO_DIR, "nested.zp");
const work = mkdtempSync(join(tmpdir(), "clusterc-cli-failures-"));
afterAll(() => {
  chmodSync(work, 0o700);
  rmSync(work, { recursive: true, force: true });
});

/** A fresh folder under the test's temporary folder. */
function folder(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Asserts the run failed with `code` and exactly one `clusterc…: error: …` line on stderr mentioning every `names`. */
function expectOneLineFailure(run: CliRun, code: number, ...names: string[]): void {
  expect(run.stderr, "no stack frames").not.toMatch(/\n\s+at /);
  expect(run.stderr, "one line").toMatch(/^[^\n]+\n$/);
  expect(run.stderr).toMatch(/^clusterc( [a-z]+)?: error: /);
  for (const name of names) expect(run.stderr).toContain(name);
  expect(run.code, run.stderr).toBe(code);
}

describe("clusterc gen: files", { timeout: 60_000 }, () => {
  it("an output folder that is an existing file: exit 1, names it, leaves the file alone", async () => {
    const file = join(folder("out-is-file"), "taken");
    writeFileSync(file, "keep me");
    expectOneLineFailure(await runCliInProcess(["gen", SCHEMA, "-o", file]), 1, `'${file}'`);
    expect(readFileSync(file, "utf8")).toBe("keep me");
  });

  it("an output folder below a file: exit 1, names the file in the way", async () => {
    const file = join(folder("below-file"), "taken");
    writeFileSync(file, "");
    expectOneLineFailure(await runCliInProcess(["gen", SCHEMA, "--out", join(file, "sub")]), 1, `'${file}'`);
  });

  it("an output file that is a folder: exit 1, names it, writes nothing", async () => {
    const out = folder("file-is-folder");
    mkdirSync(join(out, "nested.ts"));
    const scalars = join(ZPROTO_DIR, "scalars.zp");
    expectOneLineFailure(await runCliInProcess(["gen", scalars, SCHEMA, "-o", out]), 1, `'${join(out, "nested.ts")}'`, "is a directory");
    expect(existsSync(join(out, "scalars.ts"))).toBe(false);
  });

  it("a schema that does not exist, or is a folder: exit 1, names it", async () => {
    const missing = join(work, "no-such.zp");
    const [a, b] = await Promise.all([
      runCliInProcess(["gen", missing, "-o", folder("unused")]),
      runCliInProcess(["gen", work, "-o", folder("unused")]),
    ]);
    expectOneLineFailure(a, 1, `'${missing}'`, "no such file");
    expectOneLineFailure(b, 1, `'${work}'`, "is a directory");
  });

  it("an output folder that cannot be written: exit 1, names the path", async (context) => {
    // chmod does not stop root; /sys refuses new files even to root.
    const root = process.getuid?.() === 0;
    if (root && !existsSync("/sys/kernel")) context.skip("running as root without /sys: no unwritable folder to test");
    const out = root ? "/sys" : folder("read-only");
    if (!root) chmodSync(out, 0o555);
    try {
      expectOneLineFailure(await runCliInProcess(["gen", SCHEMA, "-o", out]), 1, `'${join(out, "nested.ts")}'`);
    } finally {
      if (!root) chmodSync(out, 0o755);
    }
  });

  it("an output folder that cannot be created (under /proc, where a recursive mkdir never returns): exit 1", async (context) => {
    if (!existsSync("/proc/self")) context.skip("no /proc");
    const out = join("/proc", `clusterc-test-${process.pid}`, "out");
    expectOneLineFailure(await runCliInProcess(["gen", SCHEMA, "-o", out]), 1, "/proc/");
  });
});

describe("clusterc encode / decode: data and files", { timeout: 60_000 }, () => {
  it("a schema that does not exist: exit 1, names it", async () => {
    const missing = join(work, "gone.zp");
    const [enc, dec] = await Promise.all([
      runCliInProcess(["encode", missing, "team", "--json", "{}"]),
      runCliInProcess(["decode", missing, "team", "00"]),
    ]);
    expectOneLineFailure(enc, 1, `'${missing}'`);
    expectOneLineFailure(dec, 1, `'${missing}'`);
  });

  it("JSON that does not parse (on one line even when the input spans lines): exit 1", async () => {
    const [arg, multiline, stdin] = await Promise.all([
      runCliInProcess(["encode", SCHEMA, "team", "--json", '{"members":']),
      runCliInProcess(["encode", SCHEMA, "team", "--json", "{\nnot json\n}"]),
      runCliInProcess(["encode", SCHEMA, "team", "--json", "-"], { input: "[1,\n" }),
    ]);
    expectOneLineFailure(arg, 1, "--json is not valid JSON");
    expectOneLineFailure(multiline, 1, "--json is not valid JSON");
    expectOneLineFailure(stdin, 1, "stdin is not valid JSON");
  });

  it("JSON that does not fit the message, and bytes that do not decode: exit 1, naming the field", async () => {
    const [value, bytes] = await Promise.all([
      runCliInProcess(["encode", SCHEMA, "team", "--json", '{"members":[{"name":5}]}']),
      runCliInProcess(["decode", SCHEMA, "team", "0a000000"]),
    ]);
    expectOneLineFailure(value, 1, "team.members[0].name");
    expectOneLineFailure(bytes, 1, "cannot decode team");
  });

  it("hex that is not hex: exit 1", async () => {
    const [digit, odd] = await Promise.all([
      runCliInProcess(["decode", SCHEMA, "team", "0g"]),
      runCliInProcess(["decode", SCHEMA, "team", "abc"]),
    ]);
    expectOneLineFailure(digit, 1, "invalid hex digit 'g'");
    expectOneLineFailure(odd, 1, "odd number of digits");
  });

  it("an unknown message: exit 1, names it and the schema", async () => {
    expectOneLineFailure(await runCliInProcess(["decode", SCHEMA, "nosuch", "00"]), 1, "'nosuch'", SCHEMA, "player, team");
  });
});

describe("usage errors: exit 2, one line pointing at --help", { timeout: 60_000 }, () => {
  const cases: [string, string[], string][] = [
    ["no command", [], "no command given"],
    ["an unknown command", ["frobnicate"], "unknown command 'frobnicate'"],
    ["an unknown top-level option", ["--frob"], "unknown option '--frob'"],
    ["gen: an unknown option", ["gen", SCHEMA, "--frob"], "unknown option '--frob'"],
    ["gen: no schema", ["gen", "-o", "x"], "no schema files given"],
    ["gen: -o without a folder", ["gen", SCHEMA, "-o"], "-o needs a folder"],
    ["gen: a bad --int64", ["gen", SCHEMA, "--int64", "float"], "--int64 must be"],
    ["check: an unknown option", ["check", "--frob", SCHEMA], "unknown option '--frob'"],
    ["check: no schema", ["check"], "no schema files given"],
    ["encode: no message", ["encode", SCHEMA], "expected SCHEMA and MESSAGE"],
    ["encode: no --json", ["encode", SCHEMA, "team"], "missing --json"],
    ["encode: --json without a value", ["encode", SCHEMA, "team", "--json"], "--json needs a value"],
    ["decode: no hex", ["decode", SCHEMA, "team"], "expected SCHEMA, MESSAGE and HEX"],
    ["decode: an unknown option", ["decode", SCHEMA, "team", "00", "--frob"], "unknown option '--frob'"],
  ];

  it.each(cases)("%s", async (_what, args, message) => {
    const run = await runCliInProcess(args);
    expectOneLineFailure(run, 2, message, "--help'");
    expect(run.stdout).toBe("");
  });
});

describe("clusterc check: an unreadable schema is a diagnostic", { timeout: 60_000 }, () => {
  it("exit 1, the path in a file-unreadable diagnostic and the summary, no stack", async () => {
    const missing = join(work, "absent.zp");
    const run = await runCliInProcess(["check", missing]);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr.split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1:1: error\\[file-unreadable\\]: `)),
      "clusterc check: 1 file, 1 error, 0 warnings",
      "",
    ]);
  });
});

describe("reportFailures (in process)", () => {
  it("prints an unexpected exception as one internal-error line, exit 70, without its stack", async () => {
    let stderr = "";
    const io = {
      out: () => {},
      err: (t: string) => {
        stderr += t;
      },
    };
    const code = await reportFailures("gen", io, async () => {
      throw new TypeError("x is not\n  a function");
    });
    expect(code).toBe(70);
    expect(stderr).toBe("clusterc gen: internal error: TypeError: x is not a function\n");
  });
});

describe.concurrent("the clusterc process: one failure per command, and EPIPE", { timeout: 60_000 }, () => {
  const missing = join(work, "process-missing.zp");
  const cases: [string, string[], RunCliOptions, number, string[]][] = [
    ["clusterc: an unknown command", ["frobnicate"], {}, 2, ["unknown command 'frobnicate'", "--help'"]],
    ["check: an unknown option", ["check", "--frob", SCHEMA], {}, 2, ["unknown option '--frob'", "--help'"]],
    ["gen: a schema that does not exist", ["gen", missing, "-o", join(work, "process-out")], {}, 1, [`'${missing}'`, "no such file"]],
    // Reads the real stdin (in process, stdin is the runner's string).
    [
      "encode: JSON on stdin that does not parse",
      ["encode", SCHEMA, "team", "--json", "-"],
      { input: "[1,\n" },
      1,
      ["stdin is not valid JSON"],
    ],
    // A usage error: no codecs to generate first (the EPIPE run below loads them in a real process).
    ["decode: no hex", ["decode", SCHEMA, "team"], {}, 2, ["expected SCHEMA, MESSAGE and HEX", "--help'"]],
  ];

  it.each(cases)("%s", async (_what, args, options, code, names) => {
    const run = await runCli(args, options);
    expectOneLineFailure(run, code, ...names);
    expect(run.stdout).toBe("");
  });

  it("a reader that goes away (EPIPE): no error, no stack", async () => {
    const run = await runCli(["decode", SCHEMA, "team", "0c000000010001000000000000000000", "--pretty"], { closeStdout: true });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});
