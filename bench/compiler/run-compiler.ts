/**
 * The compiler part: `clusterc gen` wall time in a cold process (`node bin/clusterc.js
 * gen …`, spawned fresh each time) on synthetic schemas of 10, 100 and 1000 structs with
 * services, written to a temporary directory that is removed afterwards. A cold
 * `clusterc --version` is measured too: the fixed cost of starting node + tsx + the CLI.
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
}

interface Timed {
  readonly ms: number;
  readonly code: number | null;
  readonly output: string;
}

function timeCommand(args: readonly string[], timeoutMs: number): Promise<Timed> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ["bin/clusterc.js", ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
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

/** Runs the compiler part. */
export async function runCompilerPart(context: BenchContext, log: (line: string) => void): Promise<CompilerResult[]> {
  const { sizes, repeats, repeatBudgetMs, timeoutMs } = compilerPlan(context.options.scale);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "clusterc-bench-"));
  const results: CompilerResult[] = [];
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
    let tooSlow: number | undefined;
    for (const structs of sizes) {
      const label = `clusterc gen, ${structs} structs`;
      if (tooSlow !== undefined) {
        results.push({ label, structs, status: "skipped", error: `${tooSlow} structs already exceeded ${timeoutMs / 1000} s` });
        continue;
      }
      log(`compiler: gen ${structs} structs …`);
      const schema = path.join(tmp, `s${structs}.zp`);
      writeFileSync(schema, generateSchema(structs));
      const runs: number[] = [];
      let failure: string | undefined;
      let timedOut = false;
      let outputBytes = 0;
      for (let r = 0; r < repeats && failure === undefined && (r === 0 || runs.reduce((a, b) => a + b, 0) < repeatBudgetMs); r++) {
        const outDir = path.join(tmp, `out-${structs}-${r}`);
        const t = await timeCommand(["gen", schema, "-o", outDir], timeoutMs);
        if (t.code === null) {
          timedOut = true;
          failure = `timed out: killed after ${timeoutMs / 1000} s`;
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
      if (failure !== undefined) log(`compiler: ${label}: failed: ${failure}`);
      if (timedOut) tooSlow = structs;
      results.push(
        failure === undefined
          ? { label, structs, status: "ok", wallMs: median(runs), runsMs: runs, outputBytes }
          : { label, structs, status: "failed", error: failure, ...(timedOut ? { timedOutMs: timeoutMs } : {}) },
      );
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return results;
}
