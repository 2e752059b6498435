/**
 * Service discovery on a real etcd (started by the test on free loopback ports) with members in
 * child processes: calls by name spread over three members; a member killed with SIGKILL mid-load
 * fails only the calls it had in flight (fast), leaves the list within the lease TTL and is
 * readmitted when restarted; a drained member loses no call; members re-register after etcd
 * restarts without its data; a registration written by hand in the documented layout (what a silly
 * Lua node would write) is called like any other.
 */
import { Etcd3 } from "etcd3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CalcService, createCalcClient, type CalcClient } from "../../generated/calc.ts";
import { createCluster } from "../../runtime/node/cluster.ts";
import { createEtcdRegistry } from "../../runtime/discovery/etcd-registry.ts";
import type { Registry } from "../../runtime/discovery/registry.ts";
import type { ServiceTarget, ServiceTargetEvent } from "../../runtime/discovery/service-target.ts";
import { isClusterError } from "../../runtime/core/errors.ts";
import { createSilentLogger } from "../../runtime/core/logger.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import { waitFor } from "../runtime/helpers.ts";
import { drainMember, killMember, restartMember, startMember, type MemberProcess } from "./support/etcd-members.ts";
import { startEtcd, type EtcdServer } from "./support/etcd.ts";
import { memberOfSum, startCalcMember } from "./support/members.ts";

const TTL = 2;
let etcd: EtcdServer;
let inspect: Etcd3;
let run = 0;
const children: MemberProcess[] = [];
const nodes: ClusterNode[] = [];
const registries: Registry[] = [];

beforeAll(async () => {
  etcd = await startEtcd();
  inspect = new Etcd3({ hosts: etcd.url });
}, 30_000);

afterAll(async () => {
  inspect?.close();
  await etcd?.dispose();
});

afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => killMember(c)));
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
  await Promise.all(registries.splice(0).map((r) => r.close()));
});

/** A fresh key prefix per test, so tests never see each other's members. */
function freshPrefix(): string {
  return `/clusterc-test-${process.pid}-${++run}/`;
}

async function startMembers(prefix: string, count: number): Promise<MemberProcess[]> {
  const started = await Promise.all(
    Array.from({ length: count }, (_, i) => startMember({ etcd: etcd.url, prefix, ttl: TTL, index: i + 1 })),
  );
  children.push(...started);
  return started;
}

function caller(
  prefix: string,
  balance: "round-robin" | "least-pending" = "round-robin",
): { node: ClusterNode; target: ServiceTarget; calc: CalcClient } {
  const registry = createEtcdRegistry({ hosts: etcd.url, prefix, ttl: TTL, logger: createSilentLogger() });
  registries.push(registry);
  const node = createCluster({ registry, logger: createSilentLogger(), timeout: 5000, reconnect: { initialDelay: 50, maxDelay: 500 } });
  nodes.push(node);
  const target = node.service(CalcService, { balance });
  return { node, target, calc: createCalcClient(node, target) };
}

async function keysUnder(prefix: string): Promise<Record<string, string>> {
  return inspect.getAll().prefix(`${prefix}services/calc/`).strings();
}

/** Calls add in `workers` loops until stopped; records which member answered and every failure. */
function load(calc: CalcClient, workers: number, slow = 0) {
  const state = { stop: false, ok: 0, byMember: new Map<number, number>(), failures: [] as unknown[], inFlight: 0 };
  const loop = async (w: number): Promise<void> => {
    for (let i = 0; !state.stop; i++) {
      const a = w * 100_000 + i;
      state.inFlight++;
      try {
        const sum = slow > 0 ? await calc.slowAdd({ a, b: 0, delayMs: slow }) : await calc.add({ a, b: 0 });
        const who = memberOfSum(sum.result, a, 0);
        state.byMember.set(who, (state.byMember.get(who) ?? 0) + 1);
        state.ok++;
      } catch (error) {
        state.failures.push(error);
        // A failed call comes back at once; do not spin on a broken cluster.
        await new Promise((resolve) => setTimeout(resolve, 5));
      } finally {
        state.inFlight--;
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, w) => loop(w)));
  return {
    state,
    async finish(): Promise<void> {
      state.stop = true;
      await done;
    },
  };
}

describe("service discovery on etcd", () => {
  it("three members announce themselves in the documented keyspace; calls by name spread round-robin", async () => {
    const prefix = freshPrefix();
    const members = await startMembers(prefix, 3);
    const { target, calc } = caller(prefix);
    // Called before the first member list arrived: the call waits for it.
    expect(memberOfSum((await calc.add({ a: 1, b: 2 })).result, 1, 2)).toBeGreaterThanOrEqual(1);
    await waitFor(() => target.members().length === 3 && target.connected, 10_000, "3 connected members");
    const counts = new Map<number, number>();
    for (let i = 0; i < 30; i++) {
      const who = memberOfSum((await calc.add({ a: i, b: 0 })).result, i, 0);
      counts.set(who, (counts.get(who) ?? 0) + 1);
    }
    expect([...counts.entries()].sort()).toEqual([
      [1, 10],
      [2, 10],
      [3, 10],
    ]);
    const keys = await keysUnder(prefix);
    expect(Object.keys(keys).sort()).toEqual(members.map((m) => `${prefix}services/calc/${m.address}`).sort());
    for (const m of members) {
      expect(JSON.parse(keys[`${prefix}services/calc/${m.address}`] as string)).toEqual({
        addr: m.address,
        wire: "silly-0.7.0",
        meta: { index: m.index },
      });
    }
    const raw = await inspect.getAll().prefix(`${prefix}services/calc/`).exec();
    for (const kv of raw.kvs) expect(kv.lease).not.toBe("0");
  });

  it("SIGKILL mid-load: only the calls in flight to it fail, fast; it leaves the list within the TTL; restarted, it is readmitted", async () => {
    const prefix = freshPrefix();
    const members = await startMembers(prefix, 3);
    const { target, calc } = caller(prefix);
    const events: ServiceTargetEvent[] = [];
    target.on((e) => events.push(e));
    await target.ready();
    await waitFor(() => target.members().length === 3 && target.connected, 10_000, "3 connected members");
    const traffic = load(calc, 8);
    await waitFor(() => traffic.state.ok >= 200, 10_000, "load running");
    const victim = members[1] as MemberProcess;
    await killMember(victim, "SIGKILL");
    await waitFor(() => events.some((e) => e.type === "ejected" && e.member.addr === victim.address), 5000, "ejection");
    const fromVictim = traffic.state.byMember.get(2) ?? 0;
    const okAtEjection = traffic.state.ok;
    await waitFor(() => traffic.state.ok >= okAtEjection + 300, 10_000, "load on the others");
    // Nothing more from the dead member; the failures are the calls it had in flight (≤ one per caller), none a timeout.
    expect(traffic.state.byMember.get(2) ?? 0).toBe(fromVictim);
    expect(traffic.state.failures.length).toBeLessThanOrEqual(8);
    for (const f of traffic.state.failures) expect(isClusterError(f) ? f.code : String(f)).toMatch(/^(closed|peer-closed)$/);
    // The lease expires: the watch removes it (bounded wait, TTL + margin for a loaded machine).
    await waitFor(() => !target.members().some((m) => m.addr === victim.address), TTL * 1000 + 10_000, "removal by the watch");
    expect(Object.keys(await keysUnder(prefix))).toHaveLength(2);
    // Restarted on its port: announced again, readmitted, called again.
    const back = await restartMember({ etcd: etcd.url, prefix, ttl: TTL, index: 2, port: victim.port });
    children.push(back);
    const before = traffic.state.byMember.get(2) ?? 0;
    await waitFor(() => (traffic.state.byMember.get(2) ?? 0) > before + 20, 15_000, "calls reaching the restarted member");
    const failures = traffic.state.failures.length;
    await traffic.finish();
    expect(traffic.state.failures.length).toBe(failures);
    expect(failures).toBeLessThanOrEqual(8);
  });

  it("drain under load loses no call: the member leaves etcd, finishes what it accepted, exits", async () => {
    const prefix = freshPrefix();
    const members = await startMembers(prefix, 3);
    const { target, calc } = caller(prefix);
    await target.ready();
    await waitFor(() => target.members().length === 3 && target.connected, 10_000, "3 connected members");
    const traffic = load(calc, 8, 5);
    await waitFor(() => traffic.state.ok >= 150, 10_000, "load running");
    const leaving = members[0] as MemberProcess;
    await drainMember(leaving);
    const okAtExit = traffic.state.ok;
    await waitFor(() => traffic.state.ok >= okAtExit + 150, 10_000, "load after the drain");
    await traffic.finish();
    expect(traffic.state.failures).toEqual([]);
    expect(traffic.state.byMember.get(1) ?? 0).toBeGreaterThan(0);
    expect(target.members().map((m) => m.addr)).not.toContain(leaving.address);
    expect(Object.keys(await keysUnder(prefix))).toHaveLength(2);
  });

  it("etcd restarted without its data: members re-register under new leases, calls by name go on", async () => {
    const prefix = freshPrefix();
    await startMembers(prefix, 3);
    const { target, calc } = caller(prefix);
    await target.ready();
    await waitFor(() => target.members().length === 3 && target.connected, 10_000, "3 connected members");
    await etcd.restart({ wipe: true });
    const deadline = Date.now() + 40_000;
    while (Object.keys(await keysUnder(prefix).catch(() => ({}))).length < 3) {
      if (Date.now() > deadline) throw new Error("members did not re-register within 40 s");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await waitFor(() => target.members().filter((m) => m.state === "live").length === 3, 20_000, "3 live members after the restart");
    const who = new Set<number>();
    for (let i = 0; i < 30; i++) who.add(memberOfSum((await calc.add({ a: i, b: 0 })).result, i, 0));
    expect(who).toEqual(new Set([1, 2, 3]));
  }, 90_000);

  it("a registration written by hand in the documented layout (as a silly Lua node would) is called; revoking its lease removes it", async () => {
    const prefix = freshPrefix();
    const lua = await startCalcMember(7);
    nodes.push(lua.node);
    const lease = inspect.lease(TTL);
    await lease
      .put(`${prefix}services/calc/lua-node-1`)
      .value(JSON.stringify({ addr: lua.address, wire: "silly-0.7.0", meta: { lang: "lua" } }));
    await inspect.put(`${prefix}services/calc/broken`).value("{not json");
    const { target, calc } = caller(prefix);
    expect(memberOfSum((await calc.add({ a: 3, b: 4 })).result, 3, 4)).toBe(7);
    expect(target.members().map((m) => [m.id, m.addr, m.meta])).toEqual([["lua-node-1", lua.address, { lang: "lua" }]]);
    await lease.revoke();
    await waitFor(() => target.members().length === 0, 10_000, "removal after the revoke");
    await expect(calc.add({ a: 1, b: 1 })).rejects.toSatisfy((e: unknown) => isClusterError(e, "connect-failed"));
    await inspect.delete().key(`${prefix}services/calc/broken`);
  });
});
