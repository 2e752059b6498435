/**
 * The overhead part (issue 14): what an interceptor and the metrics hook cost a clusterc call.
 * Three variants of clusterc wire 0.7.0 — nothing, one pass-through interceptor, the prom-client
 * metrics hook (both nodes each) — each with its own server child (pinned to the server CPU) and
 * client child (pinned to the client CPU), all started up front. The parent then runs short
 * rounds of 256 calls in flight, one variant at a time, rotating the order every round, so that
 * the machine's drift hits every variant alike; each variant's rate is compared with the plain
 * variant's in the same round, and the median of those ratios is reported (target ≥ 90%).
 * CPU time per call of both processes (client: process.cpuUsage, server: /proc/<pid>/stat) is
 * reported beside it: it does not depend on what else the machine runs.
 */
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { spawnChild, type BenchChild } from "../lib/children.ts";
import { childEnv, type BenchContext } from "../lib/context.ts";
import { childStartTimeout } from "../lib/each.ts";
import type { BenchScale } from "../lib/options.ts";
import { inVariantOrder, measureRound, ROUND_DEPTH, SMOKE_ROUNDS, startVariants, stopRounds } from "../lib/rounds.ts";
import type { RoundLimits, RoundRate, RoundsPlan, RoundsSummary, VariantOutcome } from "../lib/rounds.ts";
import { median } from "../lib/stats.ts";
import { prepareCalcModule } from "../rpc/clusterc.ts";
import { OVERHEAD_CONTENDERS } from "../rpc/contenders.ts";
import { startServerChild } from "../rpc/run-rpc.ts";

/** One measured round of one variant. */
export interface OverheadRound extends RoundRate {
  /** Server process CPU time per call, µs (undefined where /proc is not readable). */
  readonly serverCpuUs?: number;
}

/** The outcome for one variant. */
export interface OverheadVariantResult extends VariantOutcome {
  readonly rounds: readonly OverheadRound[];
  /** Median rate over the rounds. */
  readonly callsPerSec?: number;
  /** Median of client + server CPU µs per call. */
  readonly cpuUsPerCall?: number;
  /** Median over the rounds of (this variant's rate / the plain variant's rate in the same round). */
  readonly rateVsNone?: number;
  /** Median over the rounds of (CPU per call / the plain variant's CPU per call in the same round). */
  readonly cpuVsNone?: number;
}

/** What the part measured. */
export interface OverheadResult extends RoundsSummary {
  readonly variants: readonly OverheadVariantResult[];
}

/** Rounds and their length per scale. */
export function overheadLimits(scale: BenchScale): RoundsPlan {
  switch (scale) {
    // Many short rounds: the variants of one round run within a second of each other.
    case "full":
      return { rounds: 31, round: { maxCalls: 5_000_000, maxMs: 250 }, warmup: { maxCalls: 20_000, maxMs: 1000 } };
    case "quick":
      return { rounds: 11, round: { maxCalls: 2_000_000, maxMs: 150 }, warmup: { maxCalls: 5000, maxMs: 150 } };
    case "smoke":
      return SMOKE_ROUNDS;
  }
}

let ticksPerSecond: number | undefined;
/** CPU time (user + system) of process `pid` in µs, from /proc; undefined when not readable. */
function processCpuUs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (ticksPerSecond === undefined) {
      const probe = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
      ticksPerSecond = Number(probe.stdout.trim()) || 100;
    }
    return Number.isFinite(ticks) ? (ticks * 1e6) / ticksPerSecond : undefined;
  } catch {
    return undefined;
  }
}

interface Running {
  readonly id: string;
  readonly label: string;
  readonly server: BenchChild;
  readonly client: BenchChild;
  readonly rounds: OverheadRound[];
  wrong: number;
}

async function start(context: BenchContext, id: string, label: string, warmup: RoundLimits, children: BenchChild[]): Promise<Running> {
  const client = spawnChild({
    script: "bench/overhead/rounds-child.ts",
    label: `overhead-${id}-client`,
    env: childEnv(context, `overhead-${id}-client`),
    verbose: context.options.verbose,
    ...(context.placement.clientCpu === undefined ? {} : { cpu: context.placement.clientCpu }),
  });
  children.push(client);
  const server = await startServerChild(context, id, `overhead-${id}`);
  children.push(server.child);
  client.send({ type: "connect", contender: id, port: server.port, warmup: { ...warmup } });
  await client.expect("ready", childStartTimeout(context.options.scale, 30_000) + 4 * warmup.maxMs);
  return { id, label, server: server.child, client, rounds: [], wrong: 0 };
}

async function round(v: Running, limits: RoundLimits): Promise<void> {
  const serverBefore = processCpuUs(v.server.pid);
  const { wrong, ...measured } = await measureRound(v.client, ROUND_DEPTH, limits);
  const serverAfter = processCpuUs(v.server.pid);
  v.wrong += wrong;
  v.rounds.push({
    ...measured,
    ...(serverBefore === undefined || serverAfter === undefined ? {} : { serverCpuUs: (serverAfter - serverBefore) / measured.calls }),
  });
}

const cpuOf = (r: OverheadRound): number => r.clientCpuUs + (r.serverCpuUs ?? 0);

/** Runs the overhead part; every child is gone when the promise settles. */
export async function runOverheadPart(context: BenchContext, log: (line: string) => void): Promise<OverheadResult> {
  const limits = overheadLimits(context.options.scale);
  log(`overhead: clusterc calc module: ${prepareCalcModule()}`);
  const children: BenchChild[] = [];
  let failed: OverheadVariantResult[] = [];
  let running: Running[] = [];
  try {
    const started = await startVariants(
      "overhead",
      OVERHEAD_CONTENDERS,
      (contender) => start(context, contender.id, contender.label, limits.warmup, children),
      log,
      context.options.scale === "smoke",
    );
    running = started.running;
    failed = started.unstarted;
    log(`overhead: ${limits.rounds} rounds of ${limits.round.maxMs} ms per variant, ${ROUND_DEPTH} in flight, order rotating …`);
    for (let r = 0; r < limits.rounds; r++) {
      for (let i = 0; i < running.length; i++) await round(running[(r + i) % running.length] as Running, limits.round);
    }
  } finally {
    await stopRounds(
      running.map((v) => v.client),
      children,
    );
  }
  const none = running.find((v) => v.id === OVERHEAD_CONTENDERS[0]?.id);
  const results: OverheadVariantResult[] = running.map((v) => {
    const ratios = none === undefined ? [] : v.rounds.map((r, i) => r.callsPerSec / (none.rounds[i]?.callsPerSec ?? Number.NaN));
    const cpuRatios = none === undefined ? [] : v.rounds.map((r, i) => cpuOf(r) / cpuOf(none.rounds[i] as OverheadRound));
    return {
      id: v.id,
      label: v.label,
      status: "ok",
      rounds: v.rounds,
      callsPerSec: median(v.rounds.map((r) => r.callsPerSec)),
      cpuUsPerCall: median(v.rounds.map(cpuOf)),
      ...(ratios.length > 0 ? { rateVsNone: median(ratios), cpuVsNone: median(cpuRatios) } : {}),
      wrong: v.wrong,
    };
  });
  const variants = inVariantOrder(
    [...results, ...failed],
    OVERHEAD_CONTENDERS.map((c) => c.id),
  );
  return { depth: ROUND_DEPTH, roundMs: limits.round.maxMs, rounds: limits.rounds, variants };
}
