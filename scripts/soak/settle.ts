/**
 * Bounded waits for promises that must settle: a promise that hangs is counted at a deadline
 * instead of being awaited forever, so "every call settles" is an assertion that can fail.
 */

/**
 * Waits until every promise in `promises` has settled (resolved or rejected) or `ms` milliseconds
 * have passed, whichever comes first, and returns how many had not settled by then (0 when all
 * did). Never rejects; the deadline timer is cleared before it returns.
 */
export async function unsettledAfter(promises: Iterable<Promise<unknown>>, ms: number): Promise<number> {
  const list = [...promises];
  let settled = 0;
  const count = (): void => {
    settled++;
  };
  const all = Promise.all(list.map((p) => p.then(count, count)));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([all, deadline]);
  } finally {
    clearTimeout(timer);
  }
  return list.length - settled;
}
