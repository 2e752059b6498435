/**
 * Throughput of one codec operation in a child: a batch size calibrated to ~5 ms, a
 * warm-up, then rounds the parent asks for one at a time (see run-codec.ts). A round's rate
 * is operations per second of the child's own CPU time (`process.cpuUsage`, user + system):
 * time the machine gives to other processes does not count against the contender, which
 * wall-clock time on a shared 2-vCPU machine would (rates drifted 2× between runs). The
 * wall-clock rate is recorded beside it. Each result feeds a sink that is published at the
 * end, so the JIT cannot drop the work.
 */
import { performance } from "node:perf_hooks";

/** An operation run `n` times, returning a value derived from the results. */
export type Batch = (n: number) => number;

/** One measured round of one operation. */
export interface RoundSample {
  readonly ops: number;
  /** CPU time of the child process (user + system) over the round, µs. */
  readonly cpuUs: number;
  readonly wallMs: number;
}

let sink = 0;

/** The accumulated sink (read it once at the end so the work stays observable). */
export function readSink(): number {
  return sink;
}

function timeBatch(batch: Batch, n: number): number {
  const t0 = performance.now();
  sink = (sink + batch(n)) | 0;
  return performance.now() - t0;
}

/** The batch size that takes about 5 ms (at least 16 operations). */
export function calibrateBatch(batch: Batch): number {
  let n = 16;
  while (timeBatch(batch, n) < 5 && n < 1 << 24) n *= 2;
  return n;
}

/** Runs batches of `n` for `ms` milliseconds (JIT warm-up). */
export function warmUp(batch: Batch, n: number, ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) timeBatch(batch, n);
}

/** Runs batches of `n` until `roundMs` of CPU time have passed. */
export function measureRound(batch: Batch, n: number, roundMs: number): RoundSample {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let ops = 0;
  let cpuUs = 0;
  while (cpuUs < roundMs * 1000) {
    sink = (sink + batch(n)) | 0;
    ops += n;
    const cpu = process.cpuUsage(cpu0);
    cpuUs = cpu.user + cpu.system;
  }
  return { ops, cpuUs, wallMs: performance.now() - wall0 };
}

/** Operations per CPU second of a round. */
export function cpuRate(sample: RoundSample): number {
  return (sample.ops / sample.cpuUs) * 1e6;
}
