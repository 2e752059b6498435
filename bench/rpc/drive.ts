/**
 * The load drivers of the RPC part: sequential calls with per-call latency, K calls in
 * flight on one connection, and C connections × K in flight. Each mode stops at a call
 * count or a time budget, whichever comes first, and counts wrong answers.
 */
import { performance } from "node:perf_hooks";
import { median, summariseLatencies } from "../lib/stats.ts";
import type { RpcClient } from "./contender.ts";
import { BenchError } from "../lib/errors.ts";

/** The call every mode makes: add(10, 20). */
export const CALL_A = 10;
/** Second operand of the benchmark call. */
export const CALL_B = 20;
const EXPECTED = CALL_A + CALL_B;

/** Limits of one mode run. */
export interface ModeLimits {
  readonly maxCalls: number;
  readonly maxMs: number;
}

/** The measured outcome of one mode. */
export interface ModeResult {
  readonly mode: "sequential" | "inflight" | "multi";
  /** Human-readable shape, e.g. `1 conn × 256 in flight`. */
  readonly shape: string;
  readonly calls: number;
  readonly seconds: number;
  readonly callsPerSec: number;
  /** Latency percentiles in microseconds (sequential mode only). */
  readonly p50Us?: number;
  readonly p99Us?: number;
  readonly meanUs?: number;
  /** Answers that were not add(10, 20) = 30. */
  readonly wrong: number;
  /** Throughput modes: each round's calls/s (`callsPerSec` is their median). */
  readonly roundRates?: readonly number[];
}

/**
 * Checks that a client really computes: a handful of distinct sums, including negative
 * operands. Throws a BenchError("wrong-answer") on the first mismatch.
 */
export async function verifyClient(client: RpcClient, label: string): Promise<number> {
  const cases: Array<[number, number]> = [
    [CALL_A, CALL_B],
    [7, 35],
    [-5, 3],
    [0, 0],
    [123456, 654321],
    [-2000000000, -100000000],
  ];
  for (const [a, b] of cases) {
    const got = await client.add(a, b);
    const want = (a + b) | 0;
    if (got !== want) throw new BenchError("wrong-answer", `${label}: add(${a}, ${b}) returned ${got}, expected ${want}`);
  }
  return cases.length;
}

/** Calls one at a time, recording each call's latency. */
export async function runSequential(client: RpcClient, limits: ModeLimits): Promise<ModeResult> {
  const latencies = new Float64Array(limits.maxCalls);
  let wrong = 0;
  let calls = 0;
  const start = performance.now();
  const deadline = start + limits.maxMs;
  while (calls < limits.maxCalls) {
    const t0 = performance.now();
    const sum = await client.add(CALL_A, CALL_B);
    const t1 = performance.now();
    latencies[calls++] = (t1 - t0) * 1000;
    if (sum !== EXPECTED) wrong++;
    if (t1 > deadline) break;
  }
  const seconds = (performance.now() - start) / 1000;
  const summary = summariseLatencies(latencies, calls);
  return {
    mode: "sequential",
    shape: "1 conn × 1 in flight",
    calls,
    seconds,
    callsPerSec: calls / seconds,
    p50Us: summary.p50,
    p99Us: summary.p99,
    meanUs: summary.mean,
    wrong,
  };
}

/**
 * Runs {@link runInFlight} `rounds` times, each with a share of the limits, and reports the
 * median round's rate (a burst of other work on the machine spoils one round, not the result),
 * with the calls and time of all rounds together.
 */
export async function runInFlightRounds(
  clients: readonly RpcClient[],
  depth: number,
  limits: ModeLimits,
  rounds: number,
): Promise<Omit<ModeResult, "mode" | "shape"> & { readonly roundRates: readonly number[] }> {
  const n = Number.isInteger(rounds) && rounds > 0 ? rounds : 1;
  const share = { maxCalls: Math.ceil(limits.maxCalls / n), maxMs: limits.maxMs / n };
  const results: Array<Omit<ModeResult, "mode" | "shape">> = [];
  for (let r = 0; r < n; r++) results.push(await runInFlight(clients, depth, share));
  const rates = results.map((x) => x.callsPerSec);
  const sum = (f: (x: Omit<ModeResult, "mode" | "shape">) => number): number => results.reduce((a, x) => a + f(x), 0);
  return {
    calls: sum((x) => x.calls),
    seconds: sum((x) => x.seconds),
    callsPerSec: median(rates),
    wrong: sum((x) => x.wrong),
    roundRates: rates,
  };
}

/** Keeps `depth` calls in flight on each of `clients` until the limits are reached. */
export async function runInFlight(
  clients: readonly RpcClient[],
  depth: number,
  limits: ModeLimits,
): Promise<Omit<ModeResult, "mode" | "shape">> {
  let issued = 0;
  let completed = 0;
  let wrong = 0;
  let stop = false;
  const start = performance.now();
  const deadline = start + limits.maxMs;
  const worker = async (client: RpcClient): Promise<void> => {
    while (!stop && issued < limits.maxCalls) {
      issued++;
      const sum = await client.add(CALL_A, CALL_B);
      completed++;
      if (sum !== EXPECTED) wrong++;
      if ((completed & 63) === 0 && performance.now() > deadline) stop = true;
    }
  };
  const workers: Array<Promise<void>> = [];
  for (const client of clients) for (let i = 0; i < depth; i++) workers.push(worker(client));
  await Promise.all(workers);
  const seconds = (performance.now() - start) / 1000;
  return { calls: completed, seconds, callsPerSec: completed / seconds, wrong };
}
