/**
 * Issue 23, "registry values are data from outside", on a real etcd (started by the test; it
 * accepts requests up to 16 MiB so that a 10 MB value can be written at all): whoever can write
 * one key under the prefix must not take callers down, blind them or flood them.
 *
 * Before the fix: a `meta` nested 5,000 deep, written twice, crashed every caller (an uncaught
 * RangeError from JSON.stringify in the watch's event handler); a 10 MB value killed the watch
 * silently (members added later were never seen, a new caller never became ready); and a target
 * took every member the registry listed, connecting to all at once.
 */
import { Etcd3 } from "etcd3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CalcService, createCalcClient } from "../../generated/calc.ts";
import { createEtcdRegistry } from "../../runtime/discovery/etcd-registry.ts";
import type { Registry } from "../../runtime/discovery/registry.ts";
import type { ServiceTargetOptions } from "../../runtime/discovery/service-target.ts";
import { createSilentLogger } from "../../runtime/core/logger.ts";
import { createCluster } from "../../runtime/node/cluster.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import { createMemoryLogger, waitFor } from "../runtime/helpers.ts";
import { startEtcd, type EtcdServer } from "./support/etcd.ts";
import { memberOfSum, startCalcMember, type CalcMember } from "./support/members.ts";

const MiB = 1024 * 1024;
let etcd: EtcdServer;
let inspect: Etcd3;
let run = 0;
const nodes: ClusterNode[] = [];
const registries: Registry[] = [];
const members: CalcMember[] = [];

beforeAll(async () => {
  etcd = await startEtcd({ extraArgs: ["--max-request-bytes", String(16 * MiB)] });
  inspect = new Etcd3({ hosts: etcd.url });
}, 30_000);

afterAll(async () => {
  inspect?.close();
  await etcd?.dispose();
});

afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
  await Promise.all(members.splice(0).map((m) => m.node.shutdown()));
  await Promise.all(registries.splice(0).map((r) => r.close()));
});

function freshPrefix(): string {
  return `/clusterc-hostile-${process.pid}-${++run}/`;
}

function registry(prefix: string, logger = createSilentLogger()): Registry {
  const r = createEtcdRegistry({ hosts: etcd.url, prefix, ttl: 5, logger });
  registries.push(r);
  return r;
}

async function member(index: number, prefix: string): Promise<CalcMember> {
  const m = await startCalcMember(index, { registry: registry(prefix) });
  members.push(m);
  return m;
}

function caller(prefix: string, options: Pick<ServiceTargetOptions, "maxMembers" | "eagerConnectLimit"> = {}) {
  const log = createMemoryLogger();
  const node = createCluster({ registry: registry(prefix, log), logger: createMemoryLogger(), timeout: 5000 });
  nodes.push(node);
  const target = node.service(CalcService, options);
  return { node, target, calc: createCalcClient(node, target), log };
}

/** `meta` nested `depth` objects deep, as JSON text. */
function deepMeta(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

describe("hostile values under the registry prefix", () => {
  it("a meta nested 5,000 deep, written twice, is ignored with a warning naming its key; callers live on", async () => {
    const prefix = freshPrefix();
    await member(1, prefix);
    const { target, calc, log } = caller(prefix);
    expect(memberOfSum((await calc.add({ a: 1, b: 1 })).result, 1, 1)).toBe(1);
    const key = `${prefix}services/calc/deep`;
    const value = `{"addr":"127.0.0.1:1","meta":${deepMeta(5000)}}`;
    await inspect.put(key).value(value);
    await inspect.put(key).value(value);
    // The watch still works: a member announced afterwards is seen and called.
    const second = await member(2, prefix);
    await waitFor(() => target.members().some((m) => m.addr === second.address), 10_000, "the member announced after the bad value");
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) seen.add(memberOfSum((await calc.add({ a: i, b: 0 })).result, i, 0));
    expect([...seen].sort()).toEqual([1, 2]);
    expect(target.members().some((m) => m.id === "deep")).toBe(false);
    const warnings = log.lines.filter((l) => l.message === "service member value ignored");
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]?.level).toBe("warn");
    expect(warnings[0]?.fields?.key).toBe(key);
    expect(String(warnings[0]?.fields?.reason)).toMatch(/nests deeper than 32/);
  });

  it("a 10 MB value neither blinds the watch nor keeps a new caller from becoming ready", async () => {
    const prefix = freshPrefix();
    await member(1, prefix);
    const first = caller(prefix);
    await first.target.ready();
    const key = `${prefix}services/calc/huge`;
    await inspect.put(key).value(`{"addr":"127.0.0.1:1","meta":{"pad":"${"x".repeat(10 * MiB)}"}}`);
    // Members announced after it are seen by the caller that was watching…
    const second = await member(2, prefix);
    await waitFor(() => first.target.members().some((m) => m.addr === second.address), 15_000, "the member announced after the big value");
    // …and a caller started now lists the prefix, becomes ready and calls.
    const late = caller(prefix);
    await late.target.ready();
    expect(
      late.target
        .members()
        .map((m) => m.addr)
        .sort(),
    ).toEqual([members[0]!.address, second.address].sort());
    expect(memberOfSum((await late.calc.add({ a: 3, b: 4 })).result, 3, 4)).toBeGreaterThanOrEqual(1);
    for (const { log } of [first, late]) {
      const warning = log.lines.find((l) => l.message === "service member value ignored");
      expect(warning?.fields?.key).toBe(key);
      expect(String(warning?.fields?.reason)).toMatch(/over the limit of 65536/);
    }
    await inspect.delete().key(key);
  }, 30_000);

  it("a flood of member keys: a target holds at most maxMembers, connects eagerly only up to eagerConnectLimit, and takes waiting ones when room frees", async () => {
    const prefix = freshPrefix();
    const real = await member(1, prefix);
    // 30 more ids, all pointing at the one real member (each is a member of its own: its own peer and connection).
    const ids = Array.from({ length: 30 }, (_, i) => `flood-${String(i).padStart(2, "0")}`);
    for (const id of ids) await inspect.put(`${prefix}services/calc/${id}`).value(JSON.stringify({ addr: real.address }));
    const { target, calc, log } = caller(prefix, { maxMembers: 20, eagerConnectLimit: 5 });
    await target.ready();
    expect(target.members()).toHaveLength(20);
    await waitFor(() => real.listener.connections === 5, 10_000, "the eager connections");
    expect(log.lines.some((l) => l.level === "warn" && /member list is full/.test(l.message))).toBe(true);
    // Round-robin over 20 members: each starts connecting when first picked (its call goes to a
    // connected member meanwhile, as gRPC picks only ready subchannels); never more than maxMembers connections.
    for (let i = 0; i < 40; i++) expect(memberOfSum((await calc.add({ a: i, b: 0 })).result, i, 0)).toBe(1);
    await waitFor(() => real.listener.connections === 20, 10_000, "every member connected after its first pick");
    // Five leave: five of the ones waiting take their places.
    const held = target.members().map((m) => m.id);
    const leaving = held.slice(0, 5);
    for (const id of leaving) await inspect.delete().key(`${prefix}services/calc/${id}`);
    await waitFor(
      () => target.members().length === 20 && !target.members().some((m) => leaving.includes(m.id)),
      10_000,
      "waiting members admitted",
    );
  }, 30_000);

  it("a watch whose stream is lost says so at warn level and lists again (it never goes quiet)", async () => {
    // An etcd of its own: the one above holds 10 MB entries in its log, which etcd refuses to replay at start.
    const own = await startEtcd();
    const registryOn = (prefix: string, logger = createSilentLogger()): Registry => {
      const r = createEtcdRegistry({ hosts: own.url, prefix, ttl: 5, logger });
      registries.push(r);
      return r;
    };
    try {
      const prefix = freshPrefix();
      members.push(await startCalcMember(1, { registry: registryOn(prefix) }));
      const log = createMemoryLogger();
      const node = createCluster({ registry: registryOn(prefix, log), logger: createMemoryLogger() });
      nodes.push(node);
      const target = node.service(CalcService);
      await target.ready();
      await own.restart();
      const second = await startCalcMember(2, { registry: registryOn(prefix) });
      members.push(second);
      await waitFor(() => target.members().some((m) => m.addr === second.address), 20_000, "the member announced after etcd restarted");
      const lost = log.lines.find((l) => /^etcd watch (stream lost|failed), listing again$/.test(l.message));
      expect(lost?.level).toBe("warn");
    } finally {
      await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
      await Promise.all(members.splice(0).map((m) => m.node.shutdown()));
      await Promise.all(registries.splice(0).map((r) => r.close()));
      await own.dispose();
    }
  }, 60_000);
});
