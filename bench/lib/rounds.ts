/**
 * Rotating rounds, the method of the overhead and discovery parts: one caller child per
 * variant, all started and warmed up front; the parent then runs short rounds of
 * {@link ROUND_DEPTH} calls in flight, one variant at a time in an order of the part's choosing,
 * so that the machine's drift hits every variant alike, and compares the variants round by
 * round. What both parts share lives here: the plan per scale and the result rows' common
 * fields, starting the variants (one that fails to start is recorded, the others go on), one
 * round as the parent asks for it, stopping, and the child's side.
 *
 * The protocol after the child's `{type:"ready", verified}`: the parent sends
 * `{type:"round", depth, maxCalls, maxMs}`; the child runs one round of `depth` calls in flight
 * until `maxCalls` calls or `maxMs` ms and replies `{type:"round-result", calls, seconds, wrong,
 * cpuUs}` (`cpuUs`: its own CPU time over the round); `{type:"stop"}` ends it.
 */
import type { BenchChild } from "./children.ts";
import { forEachContender } from "./each.ts";
import { BenchError, describeError } from "./errors.ts";
import type { ParentLink } from "./parent-link.ts";
import { startProfiling } from "./profiler.ts";

/** Calls in flight in every round. */
export const ROUND_DEPTH = 256;

/** A call count or a time budget, whichever comes first (the shape of rpc/drive.ts's `ModeLimits`). */
export interface RoundLimits {
  readonly maxCalls: number;
  readonly maxMs: number;
}

/** A rotating-rounds part at one scale: how many rounds, each round's limits, the children's warm-up. */
export interface RoundsPlan {
  readonly rounds: number;
  readonly round: RoundLimits;
  readonly warmup: RoundLimits;
}

/** What a part reports of one round of one variant. */
export interface RoundRate {
  readonly calls: number;
  readonly callsPerSec: number;
  /** The caller child's CPU time per call, µs. */
  readonly clientCpuUs: number;
}

/** Both parts' smoke plan (`--smoke`): two short rounds, just enough to run every variant. */
export const SMOKE_ROUNDS: RoundsPlan = { rounds: 2, round: { maxCalls: 600, maxMs: 200 }, warmup: { maxCalls: 20, maxMs: 200 } };

/** One round of one variant, as the parent measured it. */
export interface MeasuredRound extends RoundRate {
  /** Answers that were wrong. */
  readonly wrong: number;
}

/** The fields every variant's result row has, whether it ran or not. */
export interface VariantOutcome {
  readonly id: string;
  readonly label: string;
  readonly status: "ok" | "unavailable" | "failed";
  readonly error?: string;
  /** Wrong answers over all its rounds. */
  readonly wrong: number;
}

/** What a rotating-rounds part reports besides its variants. */
export interface RoundsSummary {
  /** Calls in flight per round ({@link ROUND_DEPTH}). */
  readonly depth: number;
  readonly roundMs: number;
  readonly rounds: number;
}

/** Asks rounds child `client` for one round of `depth` calls in flight within `limits`. */
export async function measureRound(client: BenchChild, depth: number, limits: RoundLimits): Promise<MeasuredRound> {
  client.send({ type: "round", depth, maxCalls: limits.maxCalls, maxMs: limits.maxMs });
  const r = await client.expect("round-result", 30_000 + 4 * limits.maxMs);
  const calls = Number(r["calls"]);
  return { calls, callsPerSec: calls / Number(r["seconds"]), clientCpuUs: Number(r["cpuUs"]) / calls, wrong: Number(r["wrong"]) };
}

/** The result row of a variant that could not be started. */
export interface UnstartedVariant extends VariantOutcome {
  readonly status: "unavailable" | "failed";
  readonly error: string;
  readonly rounds: readonly never[];
}

/** What {@link startVariants} started, and the rows of what it could not. */
export interface StartedVariants<R> {
  readonly running: R[];
  readonly unstarted: UnstartedVariant[];
}

/**
 * Starts every variant with `start`, logging `<part>: starting <label> …`: in turn, or all at
 * once when `parallel` (the smoke scale: the warm-ups are not measured). A variant that fails
 * to start becomes an {@link UnstartedVariant} ("unavailable" for `BenchError("unavailable")`,
 * else "failed"), logged as `<part>: <label>: <status>: <error>`; the others go on. `running`
 * keeps the variants' order either way.
 */
export async function startVariants<V extends { readonly id: string; readonly label: string }, R>(
  part: string,
  variants: readonly V[],
  start: (variant: V) => Promise<R>,
  log: (line: string) => void,
  parallel = false,
): Promise<StartedVariants<R>> {
  type Outcome = { readonly started: R } | { readonly row: UnstartedVariant };
  const outcomes = await forEachContender(variants, parallel, (variant): Promise<Outcome> => {
    log(`${part}: starting ${variant.label} …`);
    return start(variant).then(
      (started) => ({ started }),
      (err: unknown) => {
        const status = err instanceof BenchError && err.code === "unavailable" ? "unavailable" : "failed";
        log(`${part}: ${variant.label}: ${status}: ${describeError(err)}`);
        return { row: { id: variant.id, label: variant.label, status, error: describeError(err), rounds: [], wrong: 0 } };
      },
    );
  });
  const running: R[] = [];
  const unstarted: UnstartedVariant[] = [];
  for (const outcome of outcomes) {
    if ("started" in outcome) running.push(outcome.started);
    else unstarted.push(outcome.row);
  }
  return { running, unstarted };
}

/** Tells every rounds child in `clients` to stop and resolves once every child in `children` is gone. */
export async function stopRounds(clients: readonly BenchChild[], children: readonly BenchChild[]): Promise<void> {
  for (const client of clients) client.send({ type: "stop" });
  await Promise.all(children.map((c) => c.stop()));
}

/** `rows` sorted into the order of `ids` (a part's variant order). */
export function inVariantOrder<T extends { readonly id: string }>(rows: readonly T[], ids: readonly string[]): T[] {
  return [...rows].sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
}

/** What a rounds child's round function reports (its CPU time is measured around it). */
export interface RoundOutcome {
  readonly calls: number;
  readonly seconds: number;
  readonly wrong: number;
}

/**
 * The child's side, once its client is connected, checked and warmed up: starts the profiler
 * (with `--cpu-prof` only the measured rounds are profiled), replies `{type:"ready", verified}`,
 * then runs `runRound` for every `{type:"round"}` and replies with its outcome and this
 * process's CPU time, until `{type:"stop"}`. `role` names the child in protocol errors.
 */
export async function serveRounds(
  link: ParentLink,
  role: string,
  verified: number,
  runRound: (depth: number, limits: RoundLimits) => Promise<RoundOutcome>,
): Promise<void> {
  const stopProfiling = await startProfiling();
  link.send({ type: "ready", verified });
  for (;;) {
    const next = await link.next();
    if (next.type === "stop") break;
    if (next.type !== "round") throw new BenchError("protocol", `${role} expected 'round' or 'stop', got '${next.type}'`);
    const cpu0 = process.cpuUsage();
    const r = await runRound(Number(next["depth"]), { maxCalls: Number(next["maxCalls"]), maxMs: Number(next["maxMs"]) });
    const cpu = process.cpuUsage(cpu0);
    link.send({ type: "round-result", calls: r.calls, seconds: r.seconds, wrong: r.wrong, cpuUs: cpu.user + cpu.system });
  }
  await stopProfiling();
}
