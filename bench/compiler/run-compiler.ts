/**
 * The compiler part: `clusterc gen` in a cold process (`node compiler/bin/clusterc.js gen …`,
 * spawned fresh each time) on synthetic schemas of 10, 100 and 1000 structs with services,
 * written to a temporary directory that is removed afterwards. A cold `clusterc --version` is
 * measured too: the fixed cost of starting node and the CLI. Each run's wall time and its CPU
 * time (user + system of the process and its threads, from bash's `times`) are recorded: on a
 * busy shared machine the wall time is mostly the wait for a CPU, while the CPU time of a
 * single-threaded run is what its wall time is on an idle one.
 *
 * `gen` keeps V8's compiled code of TypeScript and ts-morph in a compile cache
 * (`compiler/cli/compile-cache.ts`) and its outputs in an output cache keyed by the schema's
 * bytes, the options and the generator (`compiler/cli/output-cache.ts`); the runs here use
 * folders of their own in the temporary directory. Rows per size: the schema unchanged since
 * the last run (output cache hit: what re-running `gen`, `--watch` or an editor mostly does)
 * and the schema changed before every run (a miss: the whole pipeline, compile cache filled).
 * The very first run (both caches empty) and a miss with the compile cache off are rows of
 * their own. Targets use the unchanged-schema rows.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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
  /** The output cache: hit (schema unchanged since the last run) or miss (changed before every run). */
  readonly outputCache?: "hit" | "miss";
  /** Median CPU time (user + system) of the process, ms (undefined where bash is missing). */
  readonly cpuMs?: number;
  readonly cpuRunsMs?: readonly number[];
}

interface Timed {
  readonly ms: number;
  /** CPU time of the command (user + system), ms; undefined without bash. */
  readonly cpuMs?: number;
  readonly code: number | null;
  readonly output: string;
}

const HAS_BASH = spawnSync("bash", ["-c", "true"]).status === 0;
/** Marks the line of bash's `times` in the output. */
const TIMES_MARK = "@@clusterc-bench-times@@";

/** The children's user + system time in ms from bash's `times` output (second line: "1m0.140s 0m0.040s"). */
function parseTimes(text: string): number | undefined {
  const line = text.split(TIMES_MARK)[1]?.trim().split("\n")[1];
  const parts = line?.match(/(\d+)m([\d.]+)s/g);
  if (!parts || parts.length < 2) return undefined;
  return parts.slice(0, 2).reduce((sum, p) => {
    const [, m, sec] = /(\d+)m([\d.]+)s/.exec(p) ?? [];
    return sum + (Number(m) * 60 + Number(sec)) * 1000;
  }, 0);
}

function timeCommand(args: readonly string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const command = [process.execPath, "compiler/bin/clusterc.js", ...args];
    // Through bash, whose `times` then gives the command's CPU time; the exit code is the command's.
    const quoted = command.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
    const child = HAS_BASH
      ? spawn("bash", ["-c", `${quoted}; code=$?; echo ${TIMES_MARK} >&2; times >&2; exit $code`], {
          cwd: REPO_ROOT,
          env,
          stdio: ["ignore", "pipe", "pipe"],
        })
      : spawn(process.execPath, command.slice(1), { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
    child.stderr.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      const cpuMs = parseTimes(output);
      resolve({ ms, ...(cpuMs === undefined ? {} : { cpuMs }), code, output: output.split(TIMES_MARK)[0] ?? "" });
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
  /** "miss": the schema changes before every run; "hit": one unmeasured run first, then unchanged. */
  readonly outputCache: "hit" | "miss";
}

/** Times `gen` on one schema up to `repeats` times; the result has the median. */
async function measureGen(row: GenRow, tmp: string): Promise<CompilerResult> {
  const { label, structs } = row;
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  let failure: string | undefined;
  let timedOut = false;
  let outputBytes = 0;
  const base = readFileSync(row.schema, "utf8");
  // The unmeasured run that fills the output cache is a miss: it gets a longer limit.
  if (row.outputCache === "hit")
    await timeCommand(["gen", row.schema, "-o", path.join(tmp, `fill-${structs}`)], 6 * row.timeoutMs, row.env);
  for (let r = 0; r < row.repeats && failure === undefined && (r === 0 || runs.reduce((a, b) => a + b, 0) < row.budgetMs); r++) {
    const outDir = path.join(tmp, `out-${structs}-${row.compileCache ?? "cached"}-${row.outputCache}-${r}`);
    // A changed schema (a comment) misses the output cache; the output is the same.
    if (row.outputCache === "miss") writeFileSync(row.schema, `${base}# run ${r} ${Date.now()}\n`);
    const t = await timeCommand(["gen", row.schema, "-o", outDir], row.timeoutMs, row.env);
    if (t.cpuMs !== undefined) cpuRuns.push(t.cpuMs);
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
  const cache = { ...(row.compileCache === undefined ? {} : { compileCache: row.compileCache }), outputCache: row.outputCache };
  const cpu = cpuRuns.length === runs.length && runs.length > 0 ? { cpuMs: median(cpuRuns), cpuRunsMs: cpuRuns } : {};
  if (row.outputCache === "miss") writeFileSync(row.schema, base);
  return failure === undefined
    ? { label, structs, status: "ok", wallMs: median(runs), runsMs: runs, outputBytes, ...cpu, ...cache }
    : { label, structs, status: "failed", error: failure, ...(timedOut ? { timedOutMs: row.timeoutMs } : {}), ...cache };
}

/** Runs the compiler part. */
export async function runCompilerPart(context: BenchContext, log: (line: string) => void): Promise<CompilerResult[]> {
  const { sizes, repeats, repeatBudgetMs, timeoutMs } = compilerPlan(context.options.scale);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "clusterc-bench-"));
  const results: CompilerResult[] = [];
  const cached: NodeJS.ProcessEnv = {
    ...process.env,
    CLUSTERC_COMPILE_CACHE: path.join(tmp, "compile-cache"),
    CLUSTERC_GEN_CACHE: path.join(tmp, "gen-cache"),
  };
  const schemaOf = (structs: number): string => {
    const schema = path.join(tmp, `s${structs}.zp`);
    writeFileSync(schema, generateSchema(structs));
    return schema;
  };
  try {
    const baseline: number[] = [];
    const baselineCpu: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t = await timeCommand(["--version"], 30_000);
      if (t.code === 0) baseline.push(t.ms);
      if (t.code === 0 && t.cpuMs !== undefined) baselineCpu.push(t.cpuMs);
    }
    const cpu = baselineCpu.length === baseline.length && baseline.length > 0 ? { cpuMs: median(baselineCpu), cpuRunsMs: baselineCpu } : {};
    results.push(
      baseline.length > 0
        ? { label: "clusterc --version (cold start)", structs: 0, status: "ok", wallMs: median(baseline), runsMs: baseline, ...cpu }
        : { label: "clusterc --version (cold start)", structs: 0, status: "failed", error: "clusterc --version failed" },
    );
    const first = sizes[0];
    if (first !== undefined) {
      log(`compiler: gen ${first} structs, empty caches …`);
      const label = `gen ${first} structs, first run (compile and output caches empty)`;
      results.push(
        await measureGen(
          {
            label,
            structs: first,
            schema: schemaOf(first),
            repeats: 1,
            budgetMs: 0,
            timeoutMs,
            env: cached,
            compileCache: "empty",
            outputCache: "miss",
          },
          tmp,
        ),
      );
    }
    let tooSlow: number | undefined;
    for (const structs of sizes) {
      for (const outputCache of ["hit", "miss"] as const) {
        const label = `gen ${structs} structs, ${outputCache === "hit" ? "schema unchanged (output cache hit)" : "schema changed (output cache miss)"}`;
        if (tooSlow !== undefined) {
          results.push({
            label,
            structs,
            status: "skipped",
            error: `${tooSlow} structs already exceeded ${timeoutMs / 1000} s`,
            outputCache,
          });
          continue;
        }
        log(`compiler: ${label} …`);
        const result = await measureGen(
          { label, structs, schema: schemaOf(structs), repeats, budgetMs: repeatBudgetMs, timeoutMs, env: cached, outputCache },
          tmp,
        );
        if (result.status === "failed") log(`compiler: ${label}: failed: ${result.error ?? ""}`);
        if (result.timedOutMs !== undefined) tooSlow = structs;
        results.push(result);
      }
    }
    const largest = sizes[sizes.length - 1];
    if (context.options.scale === "full" && largest !== undefined && tooSlow === undefined) {
      log(`compiler: gen ${largest} structs, compile cache off …`);
      const label = `gen ${largest} structs, schema changed, compile cache off`;
      const off = { ...cached, CLUSTERC_COMPILE_CACHE: "off" };
      results.push(
        await measureGen(
          {
            label,
            structs: largest,
            schema: schemaOf(largest),
            repeats: 1,
            budgetMs: 0,
            timeoutMs,
            env: off,
            compileCache: "off",
            outputCache: "miss",
          },
          tmp,
        ),
      );
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return results;
}
