/** Runs one async job per item, in order one at a time or all at once, and how long a child may take to start either way. */
import type { BenchScale } from "./options.ts";

/**
 * Maps `items` through `job`. Measurements run one at a time (`parallel: false`) so
 * contenders never share the CPUs; the smoke scale runs them all at once to stay fast.
 */
export async function forEachContender<T, R>(items: readonly T[], parallel: boolean, job: (item: T) => Promise<R>): Promise<R[]> {
  if (parallel) return Promise.all(items.map(job));
  const out: R[] = [];
  for (const item of items) out.push(await job(item));
  return out;
}

/**
 * How long a child may take to load and report `ready` (ms): `usual` when children start one at
 * a time (a second or two each); 90 s at the smoke scale, which starts every contender's children
 * together (a dozen `node --import tsx` processes: tens of seconds on a busy two-core machine).
 */
export function childStartTimeout(scale: BenchScale, usual = 20_000): number {
  return scale === "smoke" ? Math.max(usual, 90_000) : usual;
}
