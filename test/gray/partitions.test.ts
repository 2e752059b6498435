/**
 * Partitions with etcd (network namespaces), each case decided (docs/gray-failures.md):
 * - the caller cut from etcd keeps its last member list and goes on calling every member;
 * - a member cut from etcd (but reachable by its callers) loses its lease, callers stop picking
 *   it; it is still healthy, so when etcd is back it registers again, says so in its log, and
 *   takes calls again; no call fails on the way;
 * - a member cut from its callers (but not from etcd) stays registered and outlier ejection takes
 *   it out of the rotation after a bounded number of timeouts; it is back once the cut heals.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGrayCluster, type GrayCluster } from "./support/gray-cluster.ts";
import { faultFigures, invariantViolations } from "./support/gray-figures.ts";
import { pollUntil, sleep } from "./support/poll.ts";
import { answering, faultCycle } from "./support/fault-cycle.ts";

const LOOPS = 8;
const TIMEOUT = 1000;
const TTL = 2;
let cluster: GrayCluster;

beforeAll(async () => {
  cluster = await startGrayCluster({ loops: LOOPS, timeout: TIMEOUT, pace: 5, ttl: TTL, outlier: { baseEjectionTime: 500 } });
  cluster.go();
}, 60_000);
afterAll(async () => {
  await cluster?.dispose();
}, 30_000);

describe("partitions with etcd", () => {
  it("the caller cut from etcd keeps its member list and goes on calling every member", async () => {
    await sleep(500);
    const from = Date.now();
    await cluster.apply({ at: 0, action: "cut", target: "caller", peer: "etcd" });
    // Longer than the members' lease TTL: the caller cannot see anything change, and keeps calling.
    await sleep(TTL * 1000 + 2000);
    const to = Date.now();
    await cluster.apply({ at: 0, action: "heal", target: "caller", peer: "etcd" });
    const result = await cluster.peek();
    const figures = faultFigures(result, cluster.events(), 0, { from, to, until: to });
    expect(figures.failed).toBe(0);
    const slot = (t: number): number => Math.floor((t - result.start) / 250);
    for (const index of ["0", "1", "2"]) {
      const answers = (result.buckets[index] ?? []).slice(slot(from) + 1, slot(to)).reduce((a, b) => a + b, 0);
      expect(answers, `answers of m${index} while cut from etcd`).toBeGreaterThan(0);
    }
    expect(cluster.events().filter((e) => e.t >= from && e.t <= to && e.type === "removed")).toEqual([]);
  }, 60_000);

  it("a member cut from etcd leaves the lists when its lease expires, and registers again (and logs it) when etcd is back", async () => {
    const from = Date.now();
    await cluster.apply({ at: 0, action: "cut", target: "m1", peer: "etcd" });
    await pollUntil(() => cluster.events().some((e) => e.member === "m1" && e.type === "removed" && e.t >= from), 15_000, "m1 removed");
    await sleep(1000);
    const healed = Date.now();
    await cluster.apply({ at: 0, action: "heal", target: "m1", peer: "etcd" });
    await pollUntil(() => cluster.events().some((e) => e.member === "m1" && e.type === "added" && e.t >= healed), 20_000, "m1 added again");
    await pollUntil(() => answering(cluster, "m1"), 10_000, "m1 in rotation");
    const logs = cluster.logs("m1").filter((l) => l.t >= from);
    expect(logs.some((l) => l.level === "warn" && l.message.startsWith("etcd lease lost"))).toBe(true);
    expect(logs.some((l) => l.level === "info" && l.message.startsWith("announcements restored under a new etcd lease"))).toBe(true);
    const result = await cluster.peek();
    // It was reachable all along: its calls in flight when it left were answered.
    expect(faultFigures(result, cluster.events(), 1, { from, to: healed, until: Date.now() }).failed).toBe(0);
  }, 60_000);

  it("a member cut from its callers but not from etcd: ejected by outlier detection, still registered, back once healed", async () => {
    const from = Date.now();
    const cycle = await faultCycle(cluster, { index: 2, on: "cut", off: "heal", peer: "caller", hold: TTL * 1000 + 1000 });
    // Still in etcd (its lease is kept alive): never removed.
    expect(cluster.events().some((e) => e.member === "m2" && e.type === "removed" && e.t >= from)).toBe(false);
    expect(cycle.figures.failed).toBeLessThanOrEqual(LOOPS + 5 + cycle.failedTrials);
  }, 60_000);

  it("through all of it: no wrong answer, every call settled within its timeout", async () => {
    expect(invariantViolations(await cluster.stop(), TIMEOUT)).toEqual([]);
  }, 30_000);
});
