/**
 * Real network faults on a member (network namespaces, see test/support/netns): a black hole (its
 * link drops every packet, its sockets stay open), a frozen process (SIGSTOP) and a connect into a
 * black hole. The caller's 8 loops call by name (1 s timeout) through etcd; the faulted member
 * must leave the rotation after a bounded number of failed calls, come back once the fault ends,
 * and no call may settle late or with a wrong answer. Runs as root (CI does); fails loudly otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGrayCluster, type GrayCluster } from "./support/gray-cluster.ts";
import { invariantViolations } from "./support/gray-figures.ts";
import { answering, faultCycle } from "./support/fault-cycle.ts";
import { pollUntil } from "./support/poll.ts";

const LOOPS = 8;
const TIMEOUT = 1000;
let cluster: GrayCluster;

beforeAll(async () => {
  cluster = await startGrayCluster({ loops: LOOPS, timeout: TIMEOUT, pace: 5, ttl: 10, outlier: { baseEjectionTime: 500 } });
  cluster.go();
}, 60_000);
afterAll(async () => {
  await cluster?.dispose();
}, 30_000);

describe("a member that is alive but unreachable", () => {
  it("black-holed: ejected after a bounded number of timeouts, back once its link returns", async () => {
    const cycle = await faultCycle(cluster, { index: 1, on: "blackhole", off: "restore", hold: 3000 });
    // Left within a few call timeouts (5 in a row, on a busy machine), not at its lease's end.
    expect(cycle.ejectedAfter).toBeLessThan(5000);
    // At most one call in flight per loop when it went dark (the 5 in a row among them), plus one per failed trial.
    expect(cycle.figures.failed).toBeLessThanOrEqual(LOOPS + 5 + cycle.failedTrials);
    // Timed out, or still in flight when its trial replaced the silent connection (then `closed`).
    expect((cycle.figures.codes.timeout ?? 0) + (cycle.figures.codes.closed ?? 0)).toBe(cycle.figures.failed);
  }, 60_000);

  it("stopped (SIGSTOP, a long GC pause): ejected after a bounded number of timeouts, back after SIGCONT", async () => {
    const cycle = await faultCycle(cluster, { index: 2, on: "stop", off: "cont", hold: 2000 });
    expect(cycle.ejectedAfter).toBeLessThan(5000);
    expect(cycle.figures.failed).toBeLessThanOrEqual(LOOPS + 5 + cycle.failedTrials);
  }, 60_000);

  it("a connect into a black hole fails within connectTimeout and ejects the member; no call waits on it", async () => {
    await cluster.apply({ at: 0, action: "kill", target: "m0" });
    await pollUntil(() => cluster.events().some((e) => e.member === "m0" && e.type === "ejected"), 10_000, "m0 ejected (killed)");
    // The caller can no longer reach m0, which still reaches etcd: announced again, it is dialled into the black hole.
    await cluster.apply({ at: 0, action: "cut", target: "m0", peer: "caller" });
    const restartedAt = Date.now();
    const failedBefore = (await cluster.peek()).failed;
    await cluster.apply({ at: 0, action: "restart", target: "m0" });
    await pollUntil(
      () =>
        cluster
          .events()
          .some(
            (e) => e.member === "m0" && e.type === "ejected" && e.t >= restartedAt && (e.reason ?? "").includes("timed out after 3000 ms"),
          ),
      15_000,
      "m0 ejected after its connect timed out",
    );
    // No call was routed to the member while it was connecting (the others were connected).
    expect((await cluster.peek()).failed).toBe(failedBefore);
    await cluster.apply({ at: 0, action: "heal", target: "m0", peer: "caller" });
    await pollUntil(() => answering(cluster, "m0"), 20_000, "m0 back in rotation");
    expect((await cluster.peek()).ok).toBeGreaterThan(0);
  }, 60_000);

  it("through all of it: no wrong answer, every call settled within its timeout", async () => {
    expect(invariantViolations(await cluster.stop(), TIMEOUT)).toEqual([]);
  }, 30_000);
});
