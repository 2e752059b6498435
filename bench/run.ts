/**
 * `npm run bench [-- --quick] [--only rpc|codec|compiler|memory]`: runs the benchmark,
 * prints the report and writes bench/results/<timestamp>.json. Exit code 0 when every
 * contender that ran answered correctly (targets may fail), 1 on a harness failure or a
 * wrong answer, 2 on a usage error. Children are killed on any exit, including Ctrl-C.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { runBench } from "./bench.ts";
import { REPO_ROOT, killAllChildren } from "./lib/children.ts";
import { BenchError, describeError } from "./lib/errors.ts";
import { BENCH_USAGE, parseBenchOptions } from "./lib/options.ts";
import { renderReport } from "./report/print.ts";

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  const options = parseBenchOptions(argv);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  }
  const log = (line: string): void => void process.stderr.write(`  ${line}\n`);
  const results = await runBench({ options, argv, log });
  process.stdout.write(`\n${renderReport(results)}\n`);
  if (options.writeJson) {
    const dir = path.join(REPO_ROOT, "bench", "results");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${results.runId}.json`);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`results: ${path.relative(REPO_ROOT, file)}\n`);
  }
  const failed = [
    ...(results.rpc ?? []),
    ...(results.overhead?.variants ?? []),
    ...(results.discovery?.variants ?? []),
    ...(results.membership?.runs ?? []),
    ...(results.codec ?? []),
    ...(results.lsp ?? []),
    ...(results.memory ?? []),
  ].some((r) => r.status === "failed");
  const wrong =
    (results.rpc ?? []).some((r) => r.modes.some((m) => m.wrong > 0)) ||
    [...(results.overhead?.variants ?? []), ...(results.discovery?.variants ?? []), ...(results.lsp ?? [])].some((v) => v.wrong > 0);
  return failed || wrong ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    killAllChildren();
    process.exitCode = code;
  },
  (err: unknown) => {
    killAllChildren();
    process.stderr.write(`bench: ${describeError(err)}\n`);
    process.exitCode = err instanceof BenchError && err.code === "usage" ? 2 : 1;
  },
);
