/**
 * The compiler part: `clusterc gen` wall time in a cold process (`node compiler/bin/clusterc.js
 * gen …`, spawned fresh each time) on synthetic schemas of 10, 100 and 1000 structs with
 * services, written to a temporary directory that is removed afterwards. A cold
 * `clusterc --version` is measured too: the fixed cost of starting node + tsx + the CLI.
 *
 * `gen` keeps V8's compiled code of TypeScript and ts-morph in a compile cache
 * (`compiler/cli/compile-cache.ts`); the runs here use a cache folder of their own in the
 * temporary directory. The first `gen` run finds it empty (and fills it): it is reported
 * as its own row, like a run with the cache off on the largest schema, so both the first
 * run after an install and every later one are visible. Targets use the regular rows.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { REPO_ROOT } from "../lib/children.ts";
import { describeError } from "../lib/errors.ts";
import type { BenchScale } from "../lib/options.ts";
import { median } from "../lib/stats.ts";
import { summariseFailure } from "../lib/clusterc-gen.ts";
import type { BenchContext } from "../lib/context.ts";
import { generateSchema } from "./schema-gen.ts";

/** The outcome for one schema size (or the `--version` baseline, `structs: 0`). */
export interface CompilerResult {
  readonly label: string;
  readonly structs: number;
  readonly status: "ok" | "failed" | "skipped";
  readonly error?: string;
  /** Set when the run was killed at the plan's time limit (the wall time is then at least this). */
  readonly timedOutMs?: number;
  /** Median wall time in milliseconds. */
  readonly wallMs?: number;
  readonly runsMs?: readonly number[];
  /** Bytes of TypeScript written. */
  readonly outputBytes?: number;
  /** The compile cache of this row's runs when not the usual filled one: empty (first run) or off. */
  readonly compileCache?: "empty" | "off";
}

interface Timed {
  readonly ms: number;
  readonly code: number | null;
  readonly output: string;
}

function timeCommand(args: readonly string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ["compiler/bin/clusterc.js", ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
    child.stderr.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, code, output });
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, code: -1, output: err.message });
    });
  });
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".ts")) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** How much compiling a scale does. */
export interface CompilerPlan {
  readonly sizes: readonly number[];
  /** Runs per size at most (fewer once `repeatBudgetMs` is spent on a size). */
  readonly repeats: number;
  readonly repeatBudgetMs: number;
  /** A run taking longer is killed; larger sizes are then skipped. */
  readonly timeoutMs: number;
}

/** Schema sizes, repetitions and time limits per scale. */
export function compilerPlan(scale: BenchScale): CompilerPlan {
  if (scale === "full") return { sizes: [10, 100, 1000], repeats: 3, repeatBudgetMs: 6000, timeoutMs: 20_000 };
  if (scale === "quick") return { sizes: [10, 100, 1000], repeats: 1, repeatBudgetMs: 0, timeoutMs: 3500 };
  return { sizes: [10], repeats: 1, repeatBudgetMs: 0, timeoutMs: 20_000 };
}

/** How one row of `gen` runs is made. */
interface GenRow {
  readonly label: string;
  readonly structs: number;
  readonly schema: string;
  /** Runs at most (fewer once `budgetMs` is spent). */
  readonly repeats: number;
  readonly budgetMs: number;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  readonly compileCache?: "empty" | "off";
}

/** Times `gen` on one schema up to `repeats` times; the result has the median. */
async function measureGen(row: GenRow, tmp: string): Promise<CompilerResult> {
  const { label, structs } = row;
  const runs: number[] = [];
  let failure: string | undefined;
  let timedOut = false;
  let outputBytes = 0;
  for (let r = 0; r < row.repeats && failure === undefined && (r === 0 || runs.reduce((a, b) => a + b, 0) < row.budgetMs); r++) {
    const outDir = path.join(tmp, `out-${structs}-${row.compileCache ?? "cached"}-${r}`);
    const t = await timeCommand(["gen", row.schema, "-o", outDir], row.timeoutMs, row.env);
    if (t.code === null) {
      timedOut = true;
      failure = `timed out: killed after ${row.timeoutMs / 1000} s`;
    } else if (t.code !== 0) failure = `exit ${t.code}: ${summariseFailure(t.output)}`;
    else {
      try {
        outputBytes = dirBytes(outDir);
        if (outputBytes === 0) failure = "gen wrote no .ts file";
      } catch (err) {
        failure = `gen wrote nothing: ${describeError(err)}`;
      }
      runs.push(t.ms);
    }
  }
  const cache = row.compileCache === undefined ? {} : { compileCache: row.compileCache };
  return failure === undefined
    ? { label, structs, status: "ok", wallMs: median(runs), runsMs: runs, outputBytes, ...cache }
    : { label, structs, status: "failed", error: failure, ...(timedOut ? { timedOutMs: row.timeoutMs } : {}), ...cache };
}

/** Runs the compiler part. */
export async function runCompilerPart(context: BenchContext, log: (line: string) => void): Promise<CompilerResult[]> {
  const { sizes, repeats, repeatBudgetMs, timeoutMs } = compilerPlan(context.options.scale);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "clusterc-bench-"));
  const results: CompilerResult[] = [];
  const cached: NodeJS.ProcessEnv = { ...process.env, CLUSTERC_COMPILE_CACHE: path.join(tmp, "compile-cache") };
  const schemaOf = (structs: number): string => {
    const schema = path.join(tmp, `s${structs}.zp`);
    writeFileSync(schema, generateSchema(structs));
    return schema;
  };
  try {
    const baseline: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t = await timeCommand(["--version"], 30_000);
      if (t.code === 0) baseline.push(t.ms);
    }
    results.push(
      baseline.length > 0
        ? { label: "clusterc --version (cold start)", structs: 0, status: "ok", wallMs: median(baseline), runsMs: baseline }
        : { label: "clusterc --version (cold start)", structs: 0, status: "failed", error: "clusterc --version failed" },
    );
    const first = sizes[0];
    if (first !== undefined) {
      log(`compiler: gen ${first} structs, empty compile cache …`);
      const label = `clusterc gen, ${first} structs, first run (empty compile cache)`;
      results.push(
        await measureGen(
          { label, structs: first, schema: schemaOf(first), repeats: 1, budgetMs: 0, timeoutMs, env: cached, compileCache: "empty" },
          tmp,
        ),
      );
    }
    let tooSlow: number | undefined;
    for (const structs of sizes) {
      const label = `clusterc gen, ${structs} structs`;
      if (tooSlow !== undefined) {
        results.push({ label, structs, status: "skipped", error: `${tooSlow} structs already exceeded ${timeoutMs / 1000} s` });
        continue;
      }
      log(`compiler: gen ${structs} structs …`);
      const result = await measureGen(
        { label, structs, schema: schemaOf(structs), repeats, budgetMs: repeatBudgetMs, timeoutMs, env: cached },
        tmp,
      );
      if (result.status === "failed") log(`compiler: ${label}: failed: ${result.error ?? ""}`);
      if (result.timedOutMs !== undefined) tooSlow = structs;
      results.push(result);
    }
    const largest = sizes[sizes.length - 1];
    if (context.options.scale === "full" && largest !== undefined && tooSlow === undefined) {
      log(`compiler: gen ${largest} structs, compile cache off …`);
      const label = `clusterc gen, ${largest} structs, compile cache off`;
      const off = { ...process.env, CLUSTERC_COMPILE_CACHE: "off" };
      results.push(
        await measureGen(
          { label, structs: largest, schema: schemaOf(largest), repeats: 1, budgetMs: 0, timeoutMs, env: off, compileCache: "off" },
          tmp,
        ),
      );
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return results;
}
