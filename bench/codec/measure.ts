/**
 * Throughput measurement of one operation: calibrate a batch size, warm up, then run
 * several timed rounds and report the median rate. Each result feeds a sink that is
 * published afterwards, so the JIT cannot drop the work.
 */
import { performance } from "node:perf_hooks";
import { median } from "../lib/stats.ts";

/** Timing parameters. */
export interface MeasureConfig {
  readonly warmupMs: number;
  readonly rounds: number;
  readonly roundMs: number;
}

/** Rates of one operation. */
export interface Throughput {
  /** Median ops/s over the rounds. */
  readonly opsPerSec: number;
  /** Every round's ops/s. */
  readonly rounds: readonly number[];
}

/** An operation run `n` times, returning a value derived from the results. */
export type Batch = (n: number) => number;

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

/** Measures a batch function (see {@link Batch}). */
export function measureThroughput(batch: Batch, config: MeasureConfig): Throughput {
  let n = 16;
  while (timeBatch(batch, n) < 5 && n < 1 << 24) n *= 2;
  const warmupEnd = performance.now() + config.warmupMs;
  while (performance.now() < warmupEnd) timeBatch(batch, n);
  const rates: number[] = [];
  for (let r = 0; r < config.rounds; r++) {
    let ops = 0;
    let elapsed = 0;
    while (elapsed < config.roundMs) {
      elapsed += timeBatch(batch, n);
      ops += n;
    }
    rates.push((ops / elapsed) * 1000);
  }
  return { opsPerSec: median(rates), rounds: rates };
}
