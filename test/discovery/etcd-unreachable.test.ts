/**
 * Calls by name while the registry cannot be reached and no member list is known: they fail with
 * `connect-failed` and a message naming the registry and its last error as soon as listing has
 * failed — also the calls already waiting for the list — instead of waiting out their timeout
 * with "[timeout] waiting for the member list". Once etcd answers, the list arrives and calls go
 * through again. With a real etcd, stopped and started again by the test.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CalcService, createCalcClient } from "../../generated/calc.ts";
import { createEtcdRegistry } from "../../runtime/discovery/etcd-registry.ts";
import type { Registry } from "../../runtime/discovery/registry.ts";
import { ClusterError, isClusterError } from "../../runtime/core/errors.ts";
import { createCluster } from "../../runtime/node/cluster.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import { createMemoryLogger, delay } from "../runtime/helpers.ts";
import { startEtcd, type EtcdServer } from "./support/etcd.ts";
import { type CalcMember, startCalcMember } from "./support/members.ts";

let etcd: EtcdServer;
const nodes: ClusterNode[] = [];
const registries: Registry[] = [];
const members: CalcMember[] = [];

beforeAll(async () => {
  etcd = await startEtcd();
}, 30_000);

afterAll(async () => {
  await etcd?.dispose();
});

afterEach(async () => {
  await Promise.all(members.splice(0).map((m) => m.node.shutdown()));
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
  await Promise.all(registries.splice(0).map((r) => r.close()));
});

/** What `promise` settles with, or "still waiting" if it has not settled within `ms` (a bound, not a timing). */
function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | unknown | "still waiting"> {
  return Promise.race([
    promise.then(
      (value) => value,
      (error: unknown) => error,
    ),
    new Promise<"still waiting">((resolve) => setTimeout(() => resolve("still waiting"), ms).unref()),
  ]);
}

describe("calls by name with the registry unreachable", () => {
  it("fail with connect-failed naming the registry and its error, without waiting out their timeout; work again once etcd answers", async () => {
    await etcd.stop();
    const prefix = `/clusterc-unreachable-${process.pid}/`;
    const log = createMemoryLogger();
    const registry = createEtcdRegistry({ hosts: etcd.url, prefix, ttl: 2, logger: log });
    registries.push(registry);
    const node = createCluster({ registry, logger: createMemoryLogger(), timeout: 60_000 });
    nodes.push(node);
    const calc = createCalcClient(node, node.service(CalcService));

    // Made at once, while the first listing is still under way: it waits, and is failed when listing fails.
    const early = await settledWithin(calc.add({ a: 1, b: 2 }), 20_000);
    expect(early).toBeInstanceOf(ClusterError);
    const error = early as ClusterError;
    expect(error.code).toBe("connect-failed");
    expect(error.message).toContain(`no member list of service calc: etcd registry at ${etcd.url} is unreachable: `);
    expect(error.message).toMatch(/ECONNREFUSED|UNAVAILABLE/);
    expect(error.peer).toBe("service:calc");

    // Made while the registry is known to be down: fails at once, with the same kind of message.
    const later = await settledWithin(calc.add({ a: 1, b: 2 }, { timeout: 60_000 }), 5_000);
    expect(isClusterError(later, "connect-failed")).toBe(true);
    expect((later as ClusterError).message).toContain(`etcd registry at ${etcd.url} is unreachable`);
    expect(log.lines.filter((l) => l.level === "warn" && l.message.startsWith("listing a service in etcd failed"))).toHaveLength(1);

    // etcd comes back with a member announced: the list arrives and calls by name go through.
    await etcd.restart();
    const memberRegistry = createEtcdRegistry({ hosts: etcd.url, prefix, ttl: 2, logger: createMemoryLogger() });
    registries.push(memberRegistry);
    const member = await startCalcMember(1, { registry: memberRegistry, announce: true });
    members.push(member);
    let answer: number | undefined;
    const until = Date.now() + 20_000;
    while (answer === undefined) {
      if (Date.now() > until) throw new Error("no call by name succeeded within 20 s of etcd coming back");
      answer = await calc.add({ a: 1, b: 2 }, { timeout: 2000 }).then(
        (r) => r.result,
        () => delay(100).then(() => undefined),
      );
    }
    expect(answer).toBe(1003);
  }, 60_000);
});
