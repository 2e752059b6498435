/**
 * What a gray-failure run shows: the figures of one fault (failed calls, time until the faulted
 * member left the rotation, time until it answered again after the fault ended) and the
 * invariants every run must keep (no wrong answer, every call settled within its timeout).
 */
import type { CallerResult } from "../fixtures/gray-caller.ts";
import type { TargetEvent } from "./gray-cluster.ts";

/** Slack allowed past a call's timeout before it counts as not settled in time (timer wheel, busy machine). */
export const SETTLE_SLACK_MS = 1000;

/** The figures of one fault on one member. */
export interface FaultFigures {
  /** Calls that failed from the fault's start until `until` (ms since epoch). */
  readonly failed: number;
  /** Those, by error code. */
  readonly codes: Readonly<Record<string, number>>;
  /** Calls answered over the same time. */
  readonly answered: number;
  /** ms from the fault until the caller ejected (or dropped) the member; undefined: never. */
  readonly leftAfter: number | undefined;
  /** ms from the end of the fault until the member answered a call again; undefined: never. */
  readonly backAfter: number | undefined;
}

const BUCKET = 250;

/**
 * The figures of a fault on member `index` (id `m<index>`) that began at `from` and ended at
 * `to` (ms since epoch), counting failures until `until`.
 */
export function faultFigures(
  result: CallerResult,
  events: readonly TargetEvent[],
  index: number,
  window: { from: number; to: number; until: number },
): FaultFigures {
  const failures = result.failures.filter(([start, end]) => end >= window.from && start <= window.until);
  const codes: Record<string, number> = {};
  for (const [, , code] of failures) codes[code] = (codes[code] ?? 0) + 1;
  const left = events.find((e) => e.member === `m${index}` && (e.type === "ejected" || e.type === "removed") && e.t >= window.from);
  const buckets = result.buckets[String(index)] ?? [];
  let backAfter: number | undefined;
  const firstSlot = Math.floor((window.to - result.start) / BUCKET);
  for (let slot = Math.max(0, firstSlot); slot < buckets.length; slot++) {
    if ((buckets[slot] ?? 0) > 0) {
      backAfter = Math.max(0, result.start + (slot + 1) * BUCKET - window.to);
      break;
    }
  }
  let answered = 0;
  for (const counts of Object.values(result.buckets)) {
    const a = Math.floor((window.from - result.start) / BUCKET);
    const b = Math.floor((window.until - result.start) / BUCKET);
    for (let slot = Math.max(0, a); slot <= b && slot < counts.length; slot++) answered += counts[slot] ?? 0;
  }
  return { failed: failures.length, codes, answered, leftAfter: left === undefined ? undefined : left.t - window.from, backAfter };
}

/**
 * What a run broke: wrong answers, calls not settled within their timeout (+ slack), and once the
 * loops stopped (`final`), calls never settled. Empty when all is well.
 */
export function invariantViolations(result: CallerResult, timeout: number, final = true): string[] {
  const broken: string[] = [];
  if (result.wrong > 0) broken.push(`${result.wrong} wrong answers`);
  if (result.overdue > 0)
    broken.push(`${result.overdue} calls took longer than ${timeout} + ${SETTLE_SLACK_MS} ms (longest ${result.longest} ms)`);
  if (final && result.calls !== result.ok + result.failed) broken.push(`${result.calls} calls made, ${result.ok + result.failed} settled`);
  return broken;
}
