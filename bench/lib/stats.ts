/** Small statistics helpers used by every benchmark part. */

/** The median of a list of numbers (NaN for an empty list). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The q-quantile (0..1) of an ascending-sorted array, by the nearest-rank method
 * (the smallest value with at least q of the samples at or below it).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
  return sorted[index]!;
}

/** Latency summary of a set of samples, in the samples' unit. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** Summarises the first `count` samples of `samples` (sorts them in place). */
export function summariseLatencies(samples: Float64Array, count: number): LatencySummary {
  const view = samples.subarray(0, count).sort();
  let total = 0;
  for (let i = 0; i < view.length; i++) total += view[i]!;
  return {
    count,
    p50: quantileSorted(view, 0.5),
    p99: quantileSorted(view, 0.99),
    mean: count === 0 ? Number.NaN : total / count,
    max: count === 0 ? Number.NaN : view[count - 1]!,
  };
}
