/**
 * The membership part's tables: one row per member count, registry and balancer, and a "how
 * it grows" table giving each figure at every N with its growth exponent (f ∝ N^k).
 */
import { growthExponent, type BalancerScale, type MembershipResult, type ScaleResult } from "../membership/scale.ts";
import { formatRate, formatTimes, type TextTable } from "./format.ts";

const num = (value: number | undefined, digits = 1): string =>
  value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(digits);

/** The rows of every run that measured. */
export function membershipTable(m: MembershipResult | undefined): TextTable | undefined {
  if (!m) return undefined;
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const run of m.runs) {
    if (run.status !== "ok" || !run.result) {
      notes.push(`${run.n} members, ${run.registry}: ${run.status}${run.error ? `: ${run.error}` : ""}`);
      continue;
    }
    for (const b of run.result.balancers) {
      rows.push([
        `${run.n} ${run.registry} ${b.id}`,
        num(b.firstListMs),
        num(b.connectedMs, 0),
        num(b.addUs, 0),
        num(b.removeUs, 0),
        formatRate(b.callsPerSec),
        formatTimes(b.churnCallsPerSec / b.callsPerSec),
        `${num(b.churnLoopP99Ms)} / ${num(b.churnLoopMaxMs)}`,
        b.id === "round-robin"
          ? `${num((run.result.heapPerMember ?? Number.NaN) / 1024)} / ${num((run.result.rssPerMember ?? Number.NaN) / 1024)}`
          : "",
      ]);
    }
  }
  return {
    title: `Membership (issues 21, 23): N members of calc (one server), 256 in flight, churn ${m.changesPerSec} changes/s, rounds of ${m.callMs} ms`,
    header: [
      "N registry balancer",
      "first list ms",
      "all connected ms",
      "add µs",
      "remove µs",
      "calls/s",
      "in churn",
      "churn loop delay p99 / max ms",
      "KiB/member heap / RSS",
    ],
    rows,
    notes: [
      "first list: node.service() until N members in rotation; all connected: until calls connected every member (beyond 64 members, a member connects on its first call; key-hash: only its keys' owners connect); add/remove: registry change until the target's event (static: the caller's own work; etcd: through etcd)",
      "in churn: calls/s during churn / steady calls/s; memory per member after a forced GC (round-robin target, every member connected)",
      ...notes,
    ],
  };
}

interface Figure {
  readonly label: string;
  readonly of: (run: ScaleResult, b: BalancerScale | undefined) => number | undefined;
  readonly balancer?: string;
}

const FIGURES: readonly Figure[] = [
  { label: "first member list, ms (key-hash)", of: (_r, b) => b?.firstListMs, balancer: "key-hash" },
  { label: "all members connected by calls, ms (round-robin)", of: (_r, b) => b?.connectedMs, balancer: "round-robin" },
  { label: "one member added, µs (key-hash)", of: (_r, b) => b?.addUs, balancer: "key-hash" },
  { label: "one member removed, µs (key-hash)", of: (_r, b) => b?.removeUs, balancer: "key-hash" },
  { label: "one member added, µs (round-robin)", of: (_r, b) => b?.addUs, balancer: "round-robin" },
  { label: "loop delay max in churn, ms (key-hash)", of: (_r, b) => b?.churnLoopMaxMs, balancer: "key-hash" },
  { label: "calls/s (round-robin)", of: (_r, b) => b?.callsPerSec, balancer: "round-robin" },
  { label: "calls/s (least-pending)", of: (_r, b) => b?.callsPerSec, balancer: "least-pending" },
  { label: "calls/s (key-hash)", of: (_r, b) => b?.callsPerSec, balancer: "key-hash" },
  { label: "heap per member, KiB", of: (r) => (r.heapPerMember === undefined ? undefined : r.heapPerMember / 1024) },
];

/** The value of `figure` in `run`. */
function figureValue(figure: Figure, run: ScaleResult): number | undefined {
  return figure.of(
    run,
    run.balancers.find((b) => b.id === figure.balancer),
  );
}

/** Each figure of the static-registry runs at every N, and its growth exponent from the smallest to the largest N. */
export function membershipGrowthTable(m: MembershipResult | undefined): TextTable | undefined {
  const runs = (m?.runs ?? []).filter((r) => r.registry === "static" && r.status === "ok" && r.result).map((r) => r.result as ScaleResult);
  if (runs.length < 2) return undefined;
  const first = runs[0] as ScaleResult;
  const last = runs[runs.length - 1] as ScaleResult;
  return {
    title: "How it grows (static registry): each figure per N; k: f ∝ N^k from the smallest to the largest N (0 flat, 1 linear)",
    header: ["figure", ...runs.map((r) => `N=${r.n}`), `k ${first.n}→${last.n}`],
    rows: FIGURES.map((f) => [
      f.label,
      ...runs.map((r) => {
        const v = figureValue(f, r);
        return f.label.startsWith("calls/s") ? formatRate(v) : num(v);
      }),
      num(growthExponent(first.n, figureValue(f, first), last.n, figureValue(f, last)), 2),
    ]),
  };
}

/** The growth exponent of one figure between the smallest N ≥ `from` and the largest N (static registry). */
export function membershipGrowth(
  m: MembershipResult | undefined,
  balancer: string,
  pick: (b: BalancerScale) => number,
  from = 100,
): {
  k: number | undefined;
  n1?: number;
  n2?: number;
} {
  const runs = (m?.runs ?? [])
    .filter((r) => r.registry === "static" && r.status === "ok" && r.result && r.n >= from)
    .map((r) => r.result as ScaleResult);
  const a = runs[0]?.balancers.find((b) => b.id === balancer);
  const z = runs[runs.length - 1]?.balancers.find((b) => b.id === balancer);
  if (!a || !z || runs.length < 2) return { k: undefined };
  return { k: growthExponent(runs[0]!.n, pick(a), runs[runs.length - 1]!.n, pick(z)), n1: runs[0]!.n, n2: runs[runs.length - 1]!.n };
}
