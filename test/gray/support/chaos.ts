/**
 * A chaos run: a seeded random fault plan (black holes, stops and kills of members, etcd restarts)
 * against etcd, three members and a caller in network namespaces, then the invariants: no wrong
 * answer; every call settled within its timeout; calls fail only while a member is faulted (or
 * shortly after); every member back in rotation once the faults are over. Used by the chaos test
 * (short) and `npm run chaos` (60 s and more).
 */
import { startGrayCluster } from "./gray-cluster.ts";
import { formatPlan, generatePlan, type FaultPlan } from "./fault-plan.ts";
import { invariantViolations } from "./gray-figures.ts";
import { pollUntil } from "./poll.ts";

/** Options of {@link runChaos}. */
export interface ChaosOptions {
  readonly seed: number;
  /** Length of the plan, in ms. */
  readonly duration: number;
  readonly loops: number;
  readonly timeout: number;
  /** Where the plan and the outcome are printed. */
  readonly print: (line: string) => void;
}

/** What a chaos run found. */
export interface ChaosOutcome {
  readonly plan: FaultPlan;
  readonly calls: number;
  readonly failed: number;
  /** Broken invariants (empty when all is well). */
  readonly violations: string[];
}

/** After a member's fault ends, how long its calls may still fail (a trial call, a restart's first connect). */
const GRACE_MS = 5000;

/** Runs the plan of `seed` and checks the invariants. */
export async function runChaos(options: ChaosOptions): Promise<ChaosOutcome> {
  const plan = generatePlan(options.seed, {
    members: 3,
    duration: options.duration,
    settle: Math.min(5000, options.duration / 4),
    minFault: 1500,
    maxFault: Math.max(2000, Math.min(8000, options.duration / 4)),
    maxGap: 2000,
  });
  options.print(formatPlan(plan));
  const cluster = await startGrayCluster({
    loops: options.loops,
    timeout: options.timeout,
    pace: 5,
    ttl: 10,
    outlier: { baseEjectionTime: 500 },
  });
  try {
    cluster.go();
    await cluster.run(plan);
    const violations: string[] = [];
    try {
      await pollUntil(
        async () => (await cluster.members()).filter((m) => m.state === "live" && m.connected).length === 3,
        30_000,
        "every member back in rotation",
      );
    } catch (error) {
      violations.push(`${String(error)}: ${JSON.stringify(await cluster.members())}`);
    }
    const result = await cluster.stop();
    violations.push(...invariantViolations(result, options.timeout));
    // Member fault intervals [on, off + grace].
    const intervals: Array<[number, number]> = [];
    const open = new Map<string, number>();
    for (const { t, step } of cluster.applied) {
      if (step.action === "blackhole" || step.action === "stop" || step.action === "kill") open.set(step.target, t);
      if (step.action === "restore" || step.action === "cont" || step.action === "restart") {
        intervals.push([open.get(step.target) ?? t, t + GRACE_MS]);
        open.delete(step.target);
      }
    }
    const unexplained = result.failures.filter(([start, end]) => !intervals.some(([a, b]) => end >= a && start <= b));
    if (unexplained.length > 0) {
      violations.push(`${unexplained.length} calls failed while no member was faulted, e.g. ${JSON.stringify(unexplained.slice(0, 3))}`);
    }
    options.print(`chaos seed ${plan.seed}: ${result.calls} calls, ${result.failed} failed, longest ${result.longest} ms`);
    for (const v of violations) options.print(`VIOLATION: ${v}`);
    return { plan, calls: result.calls, failed: result.failed, violations };
  } finally {
    await cluster.dispose();
  }
}
