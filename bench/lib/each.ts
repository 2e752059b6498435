/** Runs one async job per item, in order one at a time or all at once. */

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
