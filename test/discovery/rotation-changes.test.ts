/**
 * What a balancer hears when the rotation of a service target changes: a first member list of
 * 500 members as one update, each later registry change, ejection and readmission (for a failed
 * connect, and for calls timing out: outlier ejection, trial, readmission) as an update of that
 * one member, on the same rotation array changed in place (never a rebuild per member).
 * Members are real: 500 member records (distinct ids) pointing at one calc server on loopback.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CalcService, createCalcClient } from "../../generated/calc.ts";
import type { BalanceMember, Balancer, RotationChange } from "../../runtime/discovery/balance.ts";
import type { ServiceMember } from "../../runtime/discovery/registry.ts";
import { createStaticRegistry } from "../../runtime/discovery/static-registry.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import { createCluster } from "../../runtime/node/cluster.ts";
import { createMemoryLogger, freePort, waitFor } from "../runtime/helpers.ts";
import { startCalcMember } from "./support/members.ts";

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

interface Heard {
  readonly size: number;
  readonly added: string[];
  readonly removed: string[];
  readonly array: readonly BalanceMember[];
}

/** A balancer that records its updates and picks `target` when it is in rotation (else the first member). */
function recordingBalancer(): Balancer & { heard: Heard[]; target: string | undefined } {
  const b = {
    heard: [] as Heard[],
    target: undefined as string | undefined,
    update(members: readonly BalanceMember[], change: RotationChange) {
      b.heard.push({
        size: members.length,
        added: change.added.map((m) => m.id),
        removed: change.removed.map((m) => m.id),
        array: members,
      });
    },
    pick<M extends BalanceMember>(members: readonly M[]): M | undefined {
      return members.find((m) => m.id === b.target) ?? members[0];
    },
  };
  return b;
}

describe("rotation changes", () => {
  it("a first list of 500 members is one update; each change after it is an update of one member, in place", async () => {
    const server = await startCalcMember(1);
    nodes.push(server.node);
    const deadPort = await freePort();
    const records: ServiceMember[] = Array.from({ length: 500 }, (_v, i) => ({ id: `m${i}`, addr: server.address }));
    const registry = createStaticRegistry({ services: { calc: [...records, { id: "dead", addr: `127.0.0.1:${deadPort}` }] } });
    const node = createCluster({ logger: createMemoryLogger(), timeout: 3000, registry, reconnect: { initialDelay: 50, maxDelay: 100 } });
    nodes.push(node);
    const balancer = recordingBalancer();
    const target = node.service(CalcService, { balance: balancer });
    await target.ready();
    expect(balancer.heard[0]?.added.length).toBe(501);
    expect(balancer.heard[0]?.size).toBe(501);
    const rotation = balancer.heard[0]?.array;

    // The dead member leaves the rotation alone, once (ejected: its connect fails).
    balancer.target = "dead";
    const calc = createCalcClient(node, target);
    await calc.add({ a: 1, b: 2 }).catch(() => undefined);
    await waitFor(() => balancer.heard.some((h) => h.removed.includes("dead")), 5000, "the dead member ejected");

    // A member announced and withdrawn: one update each.
    const announcement = await registry.announce("calc", server.address, { id: "late" });
    await waitFor(() => balancer.heard.some((h) => h.added.includes("late")), 5000, "the late member added");
    await announcement.withdraw();
    await waitFor(() => balancer.heard.some((h) => h.removed.includes("late")), 5000, "the late member removed");

    const later = balancer.heard.slice(1);
    expect(later.length).toBeGreaterThanOrEqual(3);
    for (const h of later) {
      expect(h.added.length + h.removed.length, `${h.added} | ${h.removed}`).toBe(1);
      expect(h.array).toBe(rotation);
    }
    expect(target.members().filter((m) => m.state === "live").length).toBe(500);
  }, 60_000);

  it("outlier ejection, a failed trial and readmission are each an update of that one member", async () => {
    const server = await startCalcMember(1);
    const held = await startCalcMember(2, { hold: true });
    nodes.push(server.node, held.node);
    const records: ServiceMember[] = Array.from({ length: 200 }, (_v, i) => ({ id: `m${i}`, addr: server.address }));
    const registry = createStaticRegistry({ services: { calc: [...records, { id: "held", addr: held.address }] } });
    const node = createCluster({ logger: createMemoryLogger(), timeout: 300, registry });
    nodes.push(node);
    const balancer = recordingBalancer();
    const target = node.service(CalcService, { balance: balancer, outlier: { baseEjectionTime: 200 } });
    await target.ready();
    const rotation = balancer.heard[0]?.array;
    const calc = createCalcClient(node, target);
    const state = () => target.members().find((m) => m.id === "held")?.state;
    balancer.target = "held";
    // Calls held by member 2 time out: five in a row eject it.
    for (let i = 0; i < 5; i++) await calc.slowAdd({ a: 1, b: 2, delayMs: -1 }).catch(() => undefined);
    await waitFor(() => state() === "ejected", 5000, "the held member ejected for timeouts");
    // Its trial call times out too (ejected again), then a trial that answers readmits it.
    await waitFor(() => state() === "trial", 5000, "the held member on trial");
    await calc.slowAdd({ a: 1, b: 2, delayMs: -1 }).catch(() => undefined);
    expect(state()).toBe("ejected");
    held.release();
    await waitFor(() => state() === "trial", 5000, "the held member on trial again");
    expect((await calc.add({ a: 1, b: 2 })).result).toBe(2003);
    expect(state()).toBe("live");

    const later = balancer.heard.slice(1);
    expect(later.map((h) => [...h.added.map((id) => `+${id}`), ...h.removed.map((id) => `-${id}`)].join())).toEqual(["-held", "+held"]);
    for (const h of later) expect(h.array).toBe(rotation);
    expect(target.members().filter((m) => m.state === "live").length).toBe(201);
  }, 60_000);
});
