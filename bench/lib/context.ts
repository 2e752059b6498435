/**
 * What every part of a run shares: the options, where children are placed (which CPU),
 * and the node flags children get (CPU profiling).
 */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT, hasTaskset } from "./children.ts";
import type { BenchOptions } from "./options.ts";
import { PROFILE_ENV } from "./profiler.ts";

/** CPU placement of server and client children. */
export interface Placement {
  readonly pinned: boolean;
  readonly serverCpu?: number;
  readonly clientCpu?: number;
  /** One line for the report, e.g. `server on CPU 0, client on CPU 1 (taskset)`. */
  readonly description: string;
}

/** The shared state of one bench run. */
export interface BenchContext {
  readonly options: BenchOptions;
  readonly placement: Placement;
  /** Run id: the ISO timestamp used for file names. */
  readonly runId: string;
  /** Where the children's windowed `.cpuprofile` files go when `--cpu-prof` is on. */
  readonly profileDir?: string;
}

/** Parses a CPU list such as `0-3,6` into CPU numbers. */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(",")) {
    const [from, to] = part.split("-").map((n) => Number(n));
    if (from === undefined || !Number.isInteger(from)) continue;
    for (let cpu = from; cpu <= (to !== undefined && Number.isInteger(to) ? to : from); cpu++) cpus.push(cpu);
  }
  return cpus;
}

/** The CPUs this process may run on, from `taskset -pc` (undefined if it cannot tell). */
function allowedCpus(): number[] | undefined {
  const probe = spawnSync("taskset", ["-pc", String(process.pid)], { encoding: "utf8" });
  const list = probe.status === 0 ? /:\s*([\d,\-\s]+)$/.exec(probe.stdout.trim())?.[1] : undefined;
  return list === undefined ? undefined : parseCpuList(list);
}

/** Decides the placement: server and client on two different allowed CPUs via taskset, when asked and possible. */
export function resolvePlacement(pin: boolean): Placement {
  const count = os.availableParallelism();
  if (!pin) return { pinned: false, description: `not pinned (--no-pin), ${count} CPUs` };
  if (!hasTaskset()) return { pinned: false, description: `not pinned: taskset not found, ${count} CPUs` };
  const cpus = allowedCpus() ?? [];
  const [server, client] = cpus;
  if (server === undefined || client === undefined)
    return { pinned: false, description: `not pinned: only ${cpus.length || count} CPU available` };
  return {
    pinned: true,
    serverCpu: server,
    clientCpu: client,
    description: `server pinned to CPU ${server}, client to CPU ${client} (taskset -c)`,
  };
}

/** Creates the context of a run. */
export function createBenchContext(options: BenchOptions, now: Date = new Date()): BenchContext {
  const runId = now.toISOString().replace(/[:.]/g, "-");
  return {
    options,
    placement: resolvePlacement(options.pin),
    runId,
    ...(options.cpuProf ? { profileDir: path.join(REPO_ROOT, "bench", "results", `${runId}-profiles`) } : {}),
  };
}

/** Environment for a child labelled `label`: where to write its windowed CPU profile, when enabled. */
export function childEnv(context: BenchContext, label: string): Record<string, string> {
  return context.profileDir ? { [PROFILE_ENV]: path.join(context.profileDir, `${label}.cpuprofile`) } : {};
}
