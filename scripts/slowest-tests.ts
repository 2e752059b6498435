/**
 * Prints the slowest test files of a vitest JSON report:
 * `tsx scripts/slowest-tests.ts [report.json] [--top N]` (default test-results/vitest.json).
 *
 * A file's time is its whole time when the report was written by
 * scripts/test-report/json-with-file-times.ts (`fileMs`: importing the file, its hooks and its
 * tests), else what vitest's own JSON reporter gives: from its first test's start to its last
 * test's end (`endTime − startTime`), which leaves out importing the file and its
 * `beforeAll`/`afterAll` hooks. Files run side by side when vitest uses several workers, so the
 * times add up to more than the run took. Exits 1 with a message when the report is missing or
 * is not a vitest report (never a stack trace), so a CI step that prints it fails clearly.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";

/** Where CI (.ci/run) writes the report. */
export const DEFAULT_REPORT = "test-results/vitest.json";

/** One file of the report, as this script reads it. */
export interface FileTiming {
  /** Path relative to the folder the paths are shown from (the current one). */
  readonly file: string;
  readonly ms: number;
  /** True when `ms` is the file's whole time (`fileMs`), false when it spans its tests only. */
  readonly whole: boolean;
  readonly status: string;
  readonly tests: number;
}

/** A bad report or bad arguments. */
export class ReportError extends Error {
  override readonly name = "ReportError";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The files of a parsed vitest JSON report (`testResults[]` with `name`, `startTime`, `endTime`). */
export function fileTimings(report: unknown, root = process.cwd()): FileTiming[] {
  const results = isRecord(report) ? report["testResults"] : undefined;
  if (!Array.isArray(results)) throw new ReportError("not a vitest JSON report: it has no testResults list");
  return results.map((entry: unknown, i): FileTiming => {
    if (!isRecord(entry) || typeof entry["name"] !== "string") throw new ReportError(`testResults[${i}] has no file name`);
    const { name, startTime, endTime, status, assertionResults, fileMs } = entry;
    const whole = typeof fileMs === "number";
    const span = typeof startTime === "number" && typeof endTime === "number" ? Math.max(0, endTime - startTime) : 0;
    return {
      file: relative(root, name as string) || (name as string),
      ms: whole ? fileMs : span,
      whole,
      status: typeof status === "string" ? status : "unknown",
      tests: Array.isArray(assertionResults) ? assertionResults.length : 0,
    };
  });
}

/** The `top` slowest files, slowest first (ties by name, so the list is stable). */
export function slowestFiles(files: readonly FileTiming[], top = 10): FileTiming[] {
  return [...files].sort((a, b) => b.ms - a.ms || a.file.localeCompare(b.file)).slice(0, top);
}

/** The table this script prints: a heading with the total, then one line per file. */
export function formatSlowest(files: readonly FileTiming[], top = 10): string {
  const total = files.reduce((sum, f) => sum + f.ms, 0);
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const what = files.every((f) => f.whole) ? "import, hooks and tests" : "first test to last test: no import, no beforeAll/afterAll";
  const rows = slowestFiles(files, top).map((f) => {
    const mark = f.status === "passed" ? "" : `  (${f.status})`;
    return `${seconds(f.ms).padStart(8)}  ${f.file}  [${f.tests} tests]${mark}`;
  });
  const heading = `== the ${rows.length} slowest of ${files.length} test files (time per file: ${what}; they add up to ${seconds(total)})`;
  return [heading, ...rows].join("\n");
}

function parseArgs(argv: readonly string[]): { path: string; top: number } {
  let path = DEFAULT_REPORT;
  let top = 10;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--top") {
      top = Number(argv[++i]);
      if (!Number.isInteger(top) || top < 1) throw new ReportError("--top needs a positive whole number");
    } else if (arg.startsWith("-")) {
      throw new ReportError(`unknown option '${arg}' (usage: tsx scripts/slowest-tests.ts [report.json] [--top N])`);
    } else {
      path = arg;
    }
  }
  return { path, top };
}

/** Reads the report named by `argv` and returns the table. Throws ReportError on bad input. */
export function slowestReport(argv: readonly string[]): string {
  const { path, top } = parseArgs(argv);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ReportError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (error) {
    throw new ReportError(`${path} is not JSON: ${(error as Error).message}`);
  }
  return formatSlowest(fileTimings(report), top);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    process.stdout.write(`${slowestReport(process.argv.slice(2))}\n`);
  } catch (error) {
    if (!(error instanceof ReportError)) throw error;
    process.stderr.write(`slowest-tests: ${error.message}\n`);
    process.exitCode = 1;
  }
}
