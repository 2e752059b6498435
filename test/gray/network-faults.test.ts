/**
 * Real network faults on a member (network namespaces, see test/support/netns): a black hole (its
 * link drops every packet, its sockets stay open), a frozen process (SIGSTOP) and a connect into a
 * black hole. The caller's 8 loops call by name (500 ms timeout) through etcd; the faulted member
 * must leave the rotation after a bounded number of failed calls, come back once the fault ends,
 * and no call may settle late or with a wrong answer. Runs as root (CI does); fails loudly otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGrayCluster, type GrayCluster } from "./support/gray-cluster.ts";
import { faultFigures, invariantViolations } from "./support/gray-figures.ts";
import { pollUntil, sleep } from "./support/poll.ts";

const LOOPS = 8;
const TIMEOUT = 500;
let cluster: GrayCluster;

beforeAll(async () => {
  cluster = await startGrayCluster({ loops: LOOPS, timeout: TIMEOUT, pace: 5, ttl: 10, outlier: { baseEjectionTime: 500 } });
  cluster.go();
}, 60_000);
afterAll(async () => {
  await cluster?.dispose();
}, 30_000);

async function answering(id: string): Promise<boolean> {
  const member = (await cluster.members()).find((m) => m.id === id);
  return member?.state === "live" && member.connected;
}

/** Counts the trial calls that failed after `from` (each one ejected the member again). */
function failedTrials(id: string, from: number): number {
  return cluster.events().filter((e) => e.member === id && e.type === "ejected" && e.t >= from && (e.reason ?? "").includes("trial"))
    .length;
}

describe("a member that is alive but unreachable", () => {
  it("black-holed: ejected after a bounded number of timeouts, back once its link returns", async () => {
    const from = Date.now();
    await cluster.apply({ at: 0, action: "blackhole", target: "m1" });
    await pollUntil(() => cluster.events().some((e) => e.member === "m1" && e.type === "ejected" && e.t >= from), 10_000, "m1 ejected");
    await sleep(3000);
    const to = Date.now();
    await cluster.apply({ at: 0, action: "restore", target: "m1" });
    await pollUntil(() => answering("m1"), 20_000, "m1 back in rotation");
    const ejectedAt = cluster.events().find((e) => e.member === "m1" && e.type === "ejected" && e.t >= from)?.t ?? 0;
    // Left within a few call timeouts (5 in a row on a busy machine), not at its lease's end.
    expect(ejectedAt - from).toBeLessThan(5000);
    await sleep(1000);
    const result = await peek();
    const figures = faultFigures(result, cluster.events(), 1, { from, to, until: Date.now() });
    // At most one call in flight per loop when it went dark, plus one per failed trial, plus the 5 in a row.
    expect(figures.failed).toBeLessThanOrEqual(LOOPS + 5 + failedTrials("m1", from));
    expect(figures.codes.timeout ?? 0).toBe(figures.failed);
  }, 60_000);

  it("stopped (SIGSTOP, a long GC pause): ejected after a bounded number of timeouts, back after SIGCONT", async () => {
    const from = Date.now();
    await cluster.apply({ at: 0, action: "stop", target: "m2" });
    await pollUntil(() => cluster.events().some((e) => e.member === "m2" && e.type === "ejected" && e.t >= from), 10_000, "m2 ejected");
    await sleep(2000);
    const to = Date.now();
    await cluster.apply({ at: 0, action: "cont", target: "m2" });
    await pollUntil(() => answering("m2"), 20_000, "m2 back in rotation");
    await sleep(1000);
    const result = await peek();
    const figures = faultFigures(result, cluster.events(), 2, { from, to, until: Date.now() });
    expect(figures.failed).toBeLessThanOrEqual(LOOPS + 5 + failedTrials("m2", from));
  }, 60_000);

  it("a connect into a black hole fails within connectTimeout and ejects the member; no call waits on it", async () => {
    await cluster.apply({ at: 0, action: "kill", target: "m0" });
    await pollUntil(() => cluster.events().some((e) => e.member === "m0" && e.type === "ejected"), 10_000, "m0 ejected (killed)");
    // The caller can no longer reach m0, which still reaches etcd: announced again, it is dialled into the black hole.
    await cluster.apply({ at: 0, action: "cut", target: "m0", peer: "caller" });
    const restartedAt = Date.now();
    const failedBefore = (await peek()).failed;
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
    expect((await peek()).failed).toBe(failedBefore);
    await cluster.apply({ at: 0, action: "heal", target: "m0", peer: "caller" });
    await pollUntil(() => answering("m0"), 20_000, "m0 back in rotation");
    const result = await peek();
    expect(result.ok).toBeGreaterThan(0);
  }, 60_000);

  it("through all of it: no wrong answer, every call settled within its timeout", async () => {
    expect(invariantViolations(await cluster.stop(), TIMEOUT)).toEqual([]);
  }, 30_000);
});

/** The caller's result so far (the loops keep running). */
function peek() {
  return cluster.peek();
}
