/**
 * One fault on one member of a running gray cluster, from start to recovery: apply it, wait until
 * the caller ejected the member, hold it `hold` ms more, undo it, wait until the member is in
 * rotation and connected again, and return the figures (failed calls, ejection time, trials).
 */
import type { GrayCluster } from "./gray-cluster.ts";
import type { FaultAction } from "./fault-plan.ts";
import { faultFigures, type FaultFigures } from "./gray-figures.ts";
import { pollUntil, sleep } from "./poll.ts";

/** What {@link faultCycle} saw. */
export interface FaultCycle {
  readonly figures: FaultFigures;
  /** ms from the fault until the member was ejected. */
  readonly ejectedAfter: number;
  /** Failed trial calls (each ejected the member again). */
  readonly failedTrials: number;
}

/** True while the caller has member `id` in rotation and connected. */
export async function answering(cluster: GrayCluster, id: string): Promise<boolean> {
  const member = (await cluster.members()).find((m) => m.id === id);
  return member?.state === "live" && member.connected;
}

/** Runs `on` against member `m<index>` (and `peer`, for a cut) and, `hold` ms after it was ejected, `off`. */
export async function faultCycle(
  cluster: GrayCluster,
  fault: { readonly index: number; readonly on: FaultAction; readonly off: FaultAction; readonly peer?: string; readonly hold: number },
): Promise<FaultCycle> {
  const id = `m${fault.index}`;
  const step = { at: 0, target: id, ...(fault.peer !== undefined ? { peer: fault.peer } : {}) };
  const ejections = (from: number) => cluster.events().filter((e) => e.member === id && e.type === "ejected" && e.t >= from);
  const from = Date.now();
  await cluster.apply({ ...step, action: fault.on });
  await pollUntil(() => ejections(from).length > 0, 10_000, `${id} ejected`);
  await sleep(fault.hold);
  const to = Date.now();
  await cluster.apply({ ...step, action: fault.off });
  await pollUntil(() => answering(cluster, id), 20_000, `${id} back in rotation`);
  const figures = faultFigures(await cluster.peek(), cluster.events(), fault.index, { from, to, until: Date.now() });
  const all = ejections(from);
  return {
    figures,
    ejectedAfter: (all[0]?.t ?? from) - from,
    failedTrials: all.filter((e) => (e.reason ?? "").includes("trial")).length,
  };
}
