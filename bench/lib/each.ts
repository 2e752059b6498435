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
 * How long a server child may take to load and report `ready` (ms). One child at a time takes
 * a second or two; the smoke scale starts every contender's children together (a dozen
 * `node --import tsx` processes), which on a busy two-core machine takes tens of seconds.
 */
export function childStartTimeout(scale: BenchScale): number {
  return scale === "smoke" ? 90_000 : 20_000;
}
