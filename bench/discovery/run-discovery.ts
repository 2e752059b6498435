/**
 * The discovery part (issue 12): calls by service name over three members against direct peer
 * calls, in the same run. One child holds the three members (clusterc wire 0.7.0, pinned to the
 * server CPU); one caller child per variant (pinned to the client CPU) — `direct` (three peers
 * taken in turn by hand), and generated clients bound to `node.service()` with `round-robin`,
 * `least-pending` and `key-hash`, and round-robin through an `[idempotent]` and an `[errors
 * idempotent]` add (bench/schemas/retry-calc.zp, served by three more members) — all started up front. The members come from a static registry
 * (no etcd: the registry only supplies the member list, it is not on the call path). The parent
 * runs short rounds of 256 calls in flight, one variant at a time: each round runs `direct` and
 * one by-name variant back to back (which goes first alternates), so that the pair shares the
 * machine's state of the moment; the by-name variants take turns. Each by-name rate is divided by
 * the `direct` rate next to it and the median ratio reported (target: round-robin ≥ 0.9× direct).
 */
import { spawnChild, type BenchChild } from "../lib/children.ts";
import { childEnv, type BenchContext } from "../lib/context.ts";
import { childStartTimeout } from "../lib/each.ts";
import { BenchError } from "../lib/errors.ts";
import type { BenchScale } from "../lib/options.ts";
import { inVariantOrder, measureRound, ROUND_DEPTH, SMOKE_ROUNDS, startVariants, stopRounds } from "../lib/rounds.ts";
import type { RoundLimits, RoundRate, RoundsPlan, RoundsSummary, VariantOutcome } from "../lib/rounds.ts";
import { median } from "../lib/stats.ts";
import { prepareCalcModule } from "../rpc/clusterc.ts";
import { prepareRetryCalcModule } from "./retry-calc-module.ts";

/** The variants, the reference (`direct`) first. */
export const DISCOVERY_VARIANTS = [
  { id: "direct", label: "direct peers, taken in turn by hand" },
  { id: "round-robin", label: "by service name, round-robin" },
  { id: "least-pending", label: "by service name, least-pending" },
  { id: "key-hash", label: "by service name, key-hash (256 keys)" },
  { id: "idempotent", label: "by service name, round-robin, an [idempotent] method" },
  { id: "errors-idempotent", label: "by service name, round-robin, an [errors idempotent] method" },
] as const;

/** One measured round of one variant. */
export type DiscoveryRound = RoundRate;

/** The outcome for one variant. */
export interface DiscoveryVariantResult extends VariantOutcome {
  readonly rounds: readonly DiscoveryRound[];
  /** Median rate over the rounds. */
  readonly callsPerSec?: number;
  /** Median over the rounds of (this variant's rate / the rate of the direct round run next to it). */
  readonly rateVsDirect?: number;
  /** Median caller CPU µs per call. */
  readonly clientCpuUs?: number;
}

/** What the part measured. */
export interface DiscoveryResult extends RoundsSummary {
  readonly members: number;
  readonly variants: readonly DiscoveryVariantResult[];
}

/** Rounds and their length per scale. */
export function discoveryLimits(scale: BenchScale): RoundsPlan {
  switch (scale) {
    case "full":
      return { rounds: 15, round: { maxCalls: 5_000_000, maxMs: 400 }, warmup: { maxCalls: 200_000, maxMs: 1500 } };
    case "quick":
      return { rounds: 5, round: { maxCalls: 2_000_000, maxMs: 250 }, warmup: { maxCalls: 5000, maxMs: 150 } };
    case "smoke":
      return SMOKE_ROUNDS;
  }
}

interface Running {
  readonly id: string;
  readonly label: string;
  readonly client: BenchChild;
  readonly rounds: DiscoveryRound[];
  /** By-name variants: rate / the rate of the direct round run next to it. */
  readonly ratios: number[];
  wrong: number;
}

/** The members' ports: service `calc`'s and service `retry_calc`'s. */
interface MemberPorts {
  readonly ports: number[];
  readonly retryPorts: number[];
}

const isPortList = (value: unknown): value is number[] => Array.isArray(value) && value.every((p) => typeof p === "number");

async function startMembers(context: BenchContext, children: BenchChild[]): Promise<MemberPorts> {
  const child = spawnChild({
    script: "bench/discovery/members-child.ts",
    label: "discovery-members",
    env: childEnv(context, "discovery-members"),
    verbose: context.options.verbose,
    ...(context.placement.serverCpu === undefined ? {} : { cpu: context.placement.serverCpu }),
  });
  children.push(child);
  const ready = await child.expect("ready", childStartTimeout(context.options.scale, 30_000));
  const { ports, retryPorts } = ready;
  if (!isPortList(ports) || !isPortList(retryPorts)) throw new BenchError("protocol", "discovery members sent no ports");
  return { ports, retryPorts };
}

async function startCaller(
  context: BenchContext,
  variant: (typeof DISCOVERY_VARIANTS)[number],
  ports: MemberPorts,
  warmup: RoundLimits,
  children: BenchChild[],
): Promise<Running> {
  const client = spawnChild({
    script: "bench/discovery/caller-child.ts",
    label: `discovery-${variant.id}`,
    env: childEnv(context, `discovery-${variant.id}`),
    verbose: context.options.verbose,
    ...(context.placement.clientCpu === undefined ? {} : { cpu: context.placement.clientCpu }),
  });
  children.push(client);
  client.send({ type: "connect", variant: variant.id, ports: ports.ports, retryPorts: ports.retryPorts, warmup: { ...warmup } });
  await client.expect("ready", childStartTimeout(context.options.scale, 30_000) + 4 * warmup.maxMs);
  return { id: variant.id, label: variant.label, client, rounds: [], ratios: [], wrong: 0 };
}

async function round(v: Running, limits: RoundLimits): Promise<DiscoveryRound> {
  const { wrong, ...measured } = await measureRound(v.client, ROUND_DEPTH, limits);
  v.wrong += wrong;
  v.rounds.push(measured);
  return measured;
}

/** Runs the discovery part; every child is gone when the promise settles. */
export async function runDiscoveryPart(context: BenchContext, log: (line: string) => void): Promise<DiscoveryResult> {
  const limits = discoveryLimits(context.options.scale);
  log(`discovery: clusterc calc module: ${prepareCalcModule()}; ${prepareRetryCalcModule()}`);
  const children: BenchChild[] = [];
  let failed: DiscoveryVariantResult[] = [];
  let running: Running[] = [];
  let members = 0;
  try {
    const ports = await startMembers(context, children);
    members = ports.ports.length;
    const started = await startVariants(
      "discovery",
      DISCOVERY_VARIANTS,
      (variant) => startCaller(context, variant, ports, limits.warmup, children),
      log,
      context.options.scale === "smoke",
    );
    running = started.running;
    failed = started.unstarted;
    log(
      `discovery: ${limits.rounds} rounds of ${limits.round.maxMs} ms per variant, ${ROUND_DEPTH} in flight over ${members} members, each next to a direct round …`,
    );
    const direct = running.find((v) => v.id === "direct");
    const byName = running.filter((v) => v.id !== "direct");
    for (let r = 0; r < limits.rounds; r++) {
      for (let i = 0; i < byName.length; i++) {
        const v = byName[(r + i) % byName.length] as Running;
        if (direct === undefined) {
          await round(v, limits.round);
          continue;
        }
        const directFirst = (r + i) % 2 === 0;
        const d1 = directFirst ? await round(direct, limits.round) : undefined;
        const mine = await round(v, limits.round);
        const d2 = d1 ?? (await round(direct, limits.round));
        v.ratios.push(mine.callsPerSec / d2.callsPerSec);
      }
    }
  } finally {
    await stopRounds(
      running.map((v) => v.client),
      children,
    );
  }
  const results: DiscoveryVariantResult[] = running.map((v) => {
    const ratios = v.id === "direct" ? v.rounds.map(() => 1) : v.ratios;
    return {
      id: v.id,
      label: v.label,
      status: "ok",
      rounds: v.rounds,
      callsPerSec: median(v.rounds.map((r) => r.callsPerSec)),
      clientCpuUs: median(v.rounds.map((r) => r.clientCpuUs)),
      ...(ratios.length > 0 ? { rateVsDirect: median(ratios) } : {}),
      wrong: v.wrong,
    };
  });
  const variants = inVariantOrder(
    [...results, ...failed],
    DISCOVERY_VARIANTS.map((v) => v.id),
  );
  return { members, depth: ROUND_DEPTH, roundMs: limits.round.maxMs, rounds: limits.rounds, variants };
}
