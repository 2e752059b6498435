/**
 * A vitest reporter: vitest's JSON report, with each file's whole time added. The built-in
 * report's `startTime`/`endTime` of a file span its tests only: they leave out importing the file
 * (collection) and its `beforeAll`/`afterAll` hooks, which for a file that packs a package or
 * starts a server is most of its time. This reporter adds to every `testResults[]` entry:
 * `fileMs` (collection + setup + hooks + tests) and `collectMs` (importing the file), from
 * vitest's own module diagnostics. Use it in place of `--reporter=json`:
 * `vitest run --reporter=default --reporter=./scripts/test-report/json-with-file-times.ts --outputFile.json=PATH`.
 */
import type { TestModule } from "vitest/node";
import { JsonReporter } from "vitest/reporters";

/** What this reporter adds to a file's entry of the JSON report. */
export interface FileTimes {
  /** Importing the file, setting up its environment and running its hooks and tests, ms. */
  readonly fileMs: number;
  /** Importing the file (and what it imports), ms. */
  readonly collectMs: number;
}

/** The times of one test module from vitest's diagnostics. */
export function fileTimesOf(module: TestModule): FileTimes {
  const d = module.diagnostic();
  const collectMs = Math.round(d.collectDuration);
  const fileMs = Math.round(d.environmentSetupDuration + d.prepareDuration + d.setupDuration + d.collectDuration + d.duration);
  return { fileMs, collectMs };
}

/** Adds `times` (by file path) to the `testResults` entries of a serialised vitest JSON report. */
export function addFileTimes(report: string, times: ReadonlyMap<string, FileTimes>): string {
  const parsed = JSON.parse(report) as { testResults?: { name: string }[] };
  for (const entry of parsed.testResults ?? []) Object.assign(entry, times.get(entry.name));
  return JSON.stringify(parsed);
}

/** vitest's JSON reporter, with `fileMs` and `collectMs` in every file's entry. */
export default class JsonWithFileTimesReporter extends JsonReporter {
  private readonly times = new Map<string, FileTimes>();

  override async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    for (const module of testModules) this.times.set(module.moduleId, fileTimesOf(module));
    await super.onTestRunEnd(testModules);
  }

  override async writeReport(report: string): Promise<void> {
    await super.writeReport(addFileTimes(report, this.times));
  }
}
