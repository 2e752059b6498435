/**
 * The slowest-files report of CI (scripts/slowest-tests.ts) and the JSON reporter that adds each
 * file's whole time (scripts/test-report/json-with-file-times.ts): which time a file gets, the
 * order and the table, and the one-line errors for a missing or foreign report.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileTimings, formatSlowest, ReportError, slowestFiles, slowestReport } from "../../scripts/slowest-tests.ts";
import { addFileTimes } from "../../scripts/test-report/json-with-file-times.ts";

const dir = mkdtempSync(join(tmpdir(), "clusterc-slowest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A vitest JSON report entry: `name`, its tests' span and `tests` assertion results. */
function entry(name: string, startTime: number, endTime: number, tests = 1, status = "passed") {
  return { name, startTime, endTime, status, assertionResults: Array.from({ length: tests }, () => ({ status: "passed" })) };
}

describe("fileTimings", () => {
  it("takes a file's whole time (fileMs) when the report has it, else the span of its tests", () => {
    const report = { testResults: [{ ...entry("/r/test/a.test.ts", 1000, 1500), fileMs: 9000 }, entry("/r/test/b.test.ts", 0, 2500, 3)] };
    expect(fileTimings(report, "/r")).toEqual([
      { file: "test/a.test.ts", ms: 9000, whole: true, status: "passed", tests: 1 },
      { file: "test/b.test.ts", ms: 2500, whole: false, status: "passed", tests: 3 },
    ]);
  });

  it("refuses what is not a vitest JSON report", () => {
    expect(() => fileTimings({ files: [] })).toThrow(ReportError);
    expect(() => fileTimings({ testResults: [{ startTime: 1 }] })).toThrow(/testResults\[0\] has no file name/);
  });
});

describe("slowestFiles and formatSlowest", () => {
  const files = fileTimings(
    { testResults: [entry("/r/x.test.ts", 0, 1000), entry("/r/y.test.ts", 0, 3000, 2, "failed"), entry("/r/w.test.ts", 0, 1000)] },
    "/r",
  );

  it("orders slowest first, ties by name, and keeps the top N", () => {
    expect(slowestFiles(files, 2).map((f) => f.file)).toEqual(["y.test.ts", "w.test.ts"]);
    expect(slowestFiles(files).map((f) => f.file)).toEqual(["y.test.ts", "w.test.ts", "x.test.ts"]);
  });

  it("prints a heading naming the kind of time and the total, then one line per file, marking failures", () => {
    expect(formatSlowest(files, 2).split("\n")).toEqual([
      "== the 2 slowest of 3 test files (time per file: first test to last test: no import, no beforeAll/afterAll; they add up to 5.0 s)",
      "   3.0 s  y.test.ts  [2 tests]  (failed)",
      "   1.0 s  w.test.ts  [1 tests]",
    ]);
  });
});

describe("addFileTimes (the reporter's addition to vitest's report)", () => {
  it("adds fileMs and collectMs to the entry of each file it has times for, and nothing to the others", () => {
    const report = JSON.stringify({ testResults: [entry("/r/a.test.ts", 0, 10), entry("/r/b.test.ts", 0, 20)] });
    const enriched = JSON.parse(addFileTimes(report, new Map([["/r/a.test.ts", { fileMs: 4000, collectMs: 2500 }]])));
    expect(enriched.testResults[0]).toMatchObject({ name: "/r/a.test.ts", fileMs: 4000, collectMs: 2500 });
    expect(enriched.testResults[1]).not.toHaveProperty("fileMs");
    expect(fileTimings(enriched, "/r").map((f) => [f.file, f.ms])).toEqual([
      ["a.test.ts", 4000],
      ["b.test.ts", 20],
    ]);
  });
});

describe("slowestReport (the command)", () => {
  it("reads the report file and honours --top", () => {
    const path = join(dir, "report.json");
    writeFileSync(
      path,
      JSON.stringify({
        testResults: [entry(join(process.cwd(), "t/a.test.ts"), 0, 1500), entry(join(process.cwd(), "t/b.test.ts"), 0, 500)],
      }),
    );
    expect(slowestReport([path, "--top", "1"]).split("\n")).toEqual([
      "== the 1 slowest of 2 test files (time per file: first test to last test: no import, no beforeAll/afterAll; they add up to 2.0 s)",
      "   1.5 s  t/a.test.ts  [1 tests]",
    ]);
  });

  it("fails with one line for a missing file, a file that is not JSON, and bad options", () => {
    expect(() => slowestReport([join(dir, "missing.json")])).toThrow(/^cannot read .*missing\.json: ENOENT$/);
    const notJson = join(dir, "not.json");
    writeFileSync(notJson, "{");
    expect(() => slowestReport([notJson])).toThrow(/is not JSON/);
    expect(() => slowestReport(["--top", "0"])).toThrow(/--top needs a positive whole number/);
    expect(() => slowestReport(["--frob"])).toThrow(/unknown option '--frob'/);
  });
});
