/**
 * Calls by service name on real sockets, members found in a static registry (in-process
 * announcements): every balancer spreads calls as it should, key affinity pins keys, dead members
 * leave the rotation and come back, `connect-failed` (and only that) is retried elsewhere, and the
 * target works through every call path (typed client, callRaw, call, send, interceptors).
 */
import { afterEach, describe, expect, it } from "vitest";
import { CalcService, createCalcClient } from "../../generated/calc.ts";
import { createCluster } from "../../runtime/node/cluster.ts";
import { createStaticRegistry } from "../../runtime/discovery/static-registry.ts";
import type { ServiceTarget, ServiceTargetEvent } from "../../runtime/discovery/service-target.ts";
import type { Registry } from "../../runtime/discovery/registry.ts";
import { isClusterError } from "../../runtime/core/errors.ts";
import type { Interceptor } from "../../runtime/call/interceptor.ts";
import type { ClusterOptions } from "../../runtime/node/cluster-options.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import { createMemoryLogger, delay, freePort, waitFor } from "../runtime/helpers.ts";
import { memberOfSum, startCalcMember, type CalcMember } from "./support/members.ts";

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

function client(options: ClusterOptions = {}): ClusterNode {
  const n = createCluster({ logger: createMemoryLogger(), timeout: 3000, ...options });
  nodes.push(n);
  return n;
}

async function members(registry: Registry, count: number, first = 1): Promise<CalcMember[]> {
  const list: CalcMember[] = [];
  for (let i = first; i < first + count; i++) {
    const m = await startCalcMember(i, { registry });
    nodes.push(m.node);
    list.push(m);
  }
  return list;
}

async function connectedTarget(target: ServiceTarget, count: number): Promise<void> {
  await target.ready();
  await waitFor(() => target.members().length === count && target.connected, 5000, `${count} connected members`);
}

function tally(indexes: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const i of indexes) counts.set(i, (counts.get(i) ?? 0) + 1);
  return counts;
}

describe("balancing by service name", () => {
  it("round-robin: a generated client bound to node.service() spreads calls evenly over three members", async () => {
    const registry = createStaticRegistry();
    await members(registry, 3);
    const node = client({ registry });
    const target = node.service(CalcService, { balance: "round-robin" });
    const calc = createCalcClient(node, target);
    await connectedTarget(target, 3);
    const who: number[] = [];
    for (let i = 0; i < 30; i++) who.push(memberOfSum((await calc.add({ a: i, b: 1 })).result, i, 1));
    expect([...tally(who).entries()].sort()).toEqual([
      [1, 10],
      [2, 10],
      [3, 10],
    ]);
    expect(target.address).toBe("service:calc");
  });

  it("random: every member gets calls, and only members do", async () => {
    const registry = createStaticRegistry();
    await members(registry, 3);
    const node = client({ registry });
    const calc = createCalcClient(node, node.service(CalcService, { balance: "random" }));
    const sums = await Promise.all(Array.from({ length: 300 }, (_, i) => calc.add({ a: i, b: 2 })));
    const counts = tally(sums.map((s, i) => memberOfSum(s.result, i, 2)));
    expect([...counts.keys()].sort()).toEqual([1, 2, 3]);
  });

  it("least-pending: a member holding its calls gets no more while the others have fewer in flight", async () => {
    const registry = createStaticRegistry();
    const stuck = await startCalcMember(1, { registry, hold: true });
    nodes.push(stuck.node);
    await members(registry, 2, 2);
    const node = client({ registry });
    const target = node.service(CalcService, { balance: "least-pending" });
    const calc = createCalcClient(node, target);
    await connectedTarget(target, 3);
    // Six callers in a loop; member 1 holds every call it gets, so each one it takes stalls a caller.
    let issued = 0;
    const calls: Array<Promise<unknown>> = [];
    const caller = async (): Promise<void> => {
      while (issued < 60) {
        const call = calc.slowAdd({ a: issued++, b: 0, delayMs: -1 });
        calls.push(call);
        await call;
      }
    };
    const callers = Array.from({ length: 6 }, caller);
    await waitFor(() => issued >= 60, 10_000, "60 calls issued");
    // With 6 in flight, member 1 takes a call only while it has no more pending than the others: at most 2.
    expect(stuck.served.slowAdd).toBeLessThanOrEqual(2);
    expect(stuck.served.slowAdd).toBeGreaterThan(0);
    stuck.release();
    await Promise.all([...callers, ...calls]);
  });
});

describe("key affinity (key-hash)", () => {
  it("pins each key to one member, the same for every caller, and a leaving member moves only its keys", async () => {
    const registry = createStaticRegistry();
    const ms = await members(registry, 3);
    const keyed = (node: ClusterNode) =>
      createCalcClient(node, node.service(CalcService, { key: (req) => `room-${"a" in req ? req.a : 0}` }));
    const [one, two] = [keyed(client({ registry })), keyed(client({ registry }))];
    const rooms = Array.from({ length: 40 }, (_, i) => i);
    const ownerOf = async (calc: ReturnType<typeof keyed>, room: number): Promise<number> =>
      memberOfSum((await calc.add({ a: room, b: 0 })).result, room, 0);
    const before = new Map<number, number>();
    for (const room of rooms) {
      const owner = await ownerOf(one, room);
      before.set(room, owner);
      for (let k = 0; k < 3; k++) expect(await ownerOf(one, room)).toBe(owner);
      expect(await ownerOf(two, room)).toBe(owner);
    }
    expect(new Set(before.values()).size).toBe(3);
    // Member 2 leaves: its rooms move, every other room stays where it was.
    await ms[1]?.announcement?.withdraw();
    for (const room of rooms) {
      const owner = await ownerOf(one, room);
      if (before.get(room) === 2) expect(owner).not.toBe(2);
      else expect(owner).toBe(before.get(room));
    }
  });

  it("a typed one-way send gives key the request, as a call does (plain and intercepted paths)", async () => {
    const registry = createStaticRegistry();
    await members(registry, 2);
    const passThrough: Interceptor = (next) => (request, ctx) => next(request, ctx);
    for (const options of [{}, { interceptors: [passThrough] }]) {
      const seen: unknown[] = [];
      const node = client({ registry, ...options });
      const target = node.service(CalcService, {
        key: (req) => {
          seen.push(req);
          return "room-1";
        },
      });
      await connectedTarget(target, 2);
      await createCalcClient(node, target).notify({ message: "hello" });
      expect(seen.length).toBeGreaterThan(0);
      for (const req of seen) {
        expect(req).not.toBeInstanceOf(Uint8Array);
        expect(req).toEqual({ message: "hello" });
      }
    }
  });

  it("works on a node whose default timeout is Infinity (none): linger then defaults to 5000 ms", async () => {
    const registry = createStaticRegistry();
    await members(registry, 1);
    const node = client({ registry, timeout: Number.POSITIVE_INFINITY });
    const calc = createCalcClient(node, node.service(CalcService));
    expect(memberOfSum((await calc.add({ a: 1, b: 1 })).result, 1, 1)).toBe(1);
  });

  it("rejects bad balance options with invalid-argument", () => {
    const node = client({ registry: createStaticRegistry() });
    const bad = [
      () => node.service("calc", { balance: "fastest" as never }),
      () => node.service("calc", { balance: "round-robin", key: () => "k" }),
      () => node.service("calc", { balance: "key-hash" }),
      () => node.service("calc", { retries: -1 }),
      () => node.service("bad/name"),
      () => client().service("calc"),
    ];
    for (const make of bad) expect(() => make()).toThrowError(expect.objectContaining({ code: "invalid-argument" }));
  });
});

describe("dead members", () => {
  it("a member whose connection closes leaves the rotation at once and is readmitted when it answers again", async () => {
    const registry = createStaticRegistry();
    const ms = await members(registry, 3);
    const node = client({ registry, reconnect: { initialDelay: 20, maxDelay: 100 } });
    const target = node.service(CalcService);
    const events: ServiceTargetEvent[] = [];
    target.on((e) => events.push(e));
    const calc = createCalcClient(node, target);
    await connectedTarget(target, 3);
    const victim = ms[1] as CalcMember;
    const port = victim.listener.address.port;
    // A crash as seen from outside: the node goes away, its registry entry stays.
    await victim.node.shutdown();
    await waitFor(() => events.some((e) => e.type === "ejected" && e.member.addr === victim.address), 5000, "ejection");
    expect(target.members().find((m) => m.addr === victim.address)?.state).toBe("ejected");
    const who = await Promise.all(Array.from({ length: 20 }, (_, i) => calc.add({ a: i, b: 0 }).then((s) => memberOfSum(s.result, i, 0))));
    expect(new Set(who)).toEqual(new Set([1, 3]));
    // Back on the same port: the probe connects and readmits it.
    const back = await startCalcMember(2, { port, registry, announce: false });
    nodes.push(back.node);
    await waitFor(() => events.some((e) => e.type === "readmitted" && e.member.addr === victim.address), 10_000, "readmission");
    const again = await Promise.all(
      Array.from({ length: 30 }, (_, i) => calc.add({ a: i, b: 0 }).then((s) => memberOfSum(s.result, i, 0))),
    );
    expect(new Set(again)).toEqual(new Set([1, 2, 3]));
  });

  it("connect-failed is retried on another member (bounded by retries) and ejects the dead one", async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const registry = createStaticRegistry({ services: { calc: [dead] } });
    await members(registry, 2);
    const node = client({ registry });
    const target = node.service(CalcService);
    const calc = createCalcClient(node, target);
    // Called at once: the dead member's first connect is still in flight when calls pick it.
    const sums = await Promise.all(Array.from({ length: 30 }, (_, i) => calc.add({ a: i, b: 0 })));
    expect(new Set(sums.map((s, i) => memberOfSum(s.result, i, 0)))).toEqual(new Set([1, 2]));
    expect(target.members().find((m) => m.addr === dead)?.state).toBe("ejected");

    const allDead = createStaticRegistry({ services: { calc: [dead, `127.0.0.1:${await freePort()}`] } });
    const lonely = client({ registry: allDead });
    const failing = createCalcClient(lonely, lonely.service(CalcService, { retries: 1 }));
    await expect(failing.add({ a: 1, b: 1 })).rejects.toSatisfy((e: unknown) => isClusterError(e, "connect-failed"));
    // Every member ejected: calls fail fast with connect-failed, no waiting.
    await expect(failing.add({ a: 1, b: 1 })).rejects.toSatisfy((e: unknown) => isClusterError(e, "connect-failed"));
  });

  it("a timed-out call is not retried: exactly one member received it", async () => {
    const registry = createStaticRegistry();
    const held = [await startCalcMember(1, { registry, hold: true }), await startCalcMember(2, { registry, hold: true })];
    nodes.push(...held.map((m) => m.node));
    const node = client({ registry });
    const calc = createCalcClient(node, node.service(CalcService));
    await expect(calc.slowAdd({ a: 1, b: 1, delayMs: -1 }, { timeout: 150 })).rejects.toSatisfy((e: unknown) =>
      isClusterError(e, "timeout"),
    );
    expect(held.reduce((n, m) => n + m.served.slowAdd, 0)).toBe(1);
    for (const m of held) m.release();
  });
});

describe("every call path takes a service target", () => {
  it("callRaw, send, untyped call with marshaling, and interceptors see the target", async () => {
    const registry = createStaticRegistry();
    const ms = await members(registry, 2);
    const seen: string[] = [];
    const spy: Interceptor = (next) => (request, ctx) => {
      seen.push(ctx.side === "client" ? ctx.peer.address : "server");
      return next(request, ctx);
    };
    const node = client({ registry, interceptors: [spy] });
    const target = node.service("calc");
    const { Add, Sum, Notify, ADD_TAG, NOTIFY_TAG } = await import("../../generated/calc.ts");
    const raw = await node.callRaw(target, ADD_TAG, Add.encodePacked({ a: 2, b: 3 }));
    expect([1, 2]).toContain(memberOfSum(Sum.decodePacked(raw).result, 2, 3));
    await node.sendRaw(target, NOTIFY_TAG, Notify.encodePacked({ message: "hi" }));
    await node.send(target, NOTIFY_TAG, Notify.encodePacked({ message: "hi" }));
    await waitFor(() => ms.reduce((n, m) => n + m.served.notify, 0) === 2, 5000, "two notifications");
    const typed = createCalcClient(node, target);
    expect([1, 2]).toContain(memberOfSum((await typed.add({ a: 1, b: 1 })).result, 1, 1));
    expect(seen.filter((a) => a === "service:calc").length).toBeGreaterThanOrEqual(4);

    const { createMarshaling } = await import("../../runtime/rpc/marshaling.ts");
    const silly = client({ registry, ...createMarshaling(CalcService) });
    const sum = (await silly.call(silly.service(CalcService), "add", { a: 5, b: 5 })) as { result: number };
    expect([1, 2]).toContain(memberOfSum(sum.result, 5, 5));
  });

  it("no member: connect-failed at once; a member announced later takes calls; close() makes calls reject peer-closed", async () => {
    const registry = createStaticRegistry();
    const node = client({ registry });
    const target = node.service(CalcService);
    const calc = createCalcClient(node, target);
    await expect(calc.add({ a: 1, b: 1 })).rejects.toSatisfy((e: unknown) => isClusterError(e, "connect-failed"));
    const m = await startCalcMember(1, { registry });
    nodes.push(m.node);
    await waitFor(() => target.members().length === 1, 5000, "member added");
    expect(memberOfSum((await calc.add({ a: 1, b: 1 })).result, 1, 1)).toBe(1);
    await node.close(target);
    expect(target.closed).toBe(true);
    await expect(calc.add({ a: 1, b: 1 })).rejects.toSatisfy((e: unknown) => isClusterError(e, "peer-closed"));
    expect(node.peers()).toEqual([]);
  });
});

/** A registry whose watches never deliver a first member list (etcd unreachable, as seen by a target). */
function unreachableRegistry(): Registry {
  return {
    announce: () => Promise.reject(new Error("unreachable")),
    watch: (service) => ({ service, ready: new Promise<void>(() => undefined), members: () => [], close: () => undefined }),
    withdraw: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** Records how `promise` settles: undefined while pending, then "resolved" or the rejection's code. */
function track(promise: Promise<unknown>): { readonly outcome: string | undefined } {
  const state: { outcome: string | undefined } = { outcome: undefined };
  promise.then(
    () => (state.outcome = "resolved"),
    (e: unknown) => (state.outcome = isClusterError(e) ? e.code : `not a ClusterError: ${String(e)}`),
  );
  return state;
}

describe("calls waiting for the first member list", () => {
  it("settle with peer-closed when the target is closed (no timeout to end them); ready() settles too", async () => {
    const node = client({ registry: unreachableRegistry(), timeout: 0 });
    const target = node.service(CalcService);
    const typed = track(createCalcClient(node, target).add({ a: 1, b: 1 }));
    const raw = track(node.callRaw(target, 1, new Uint8Array(0)));
    const ready = track(target.ready());
    await delay(20);
    expect([typed.outcome, raw.outcome, ready.outcome]).toEqual([undefined, undefined, undefined]);
    await node.close(target);
    await waitFor(() => typed.outcome !== undefined && raw.outcome !== undefined && ready.outcome !== undefined, 5000, "settled");
    expect([typed.outcome, raw.outcome, ready.outcome]).toEqual(["peer-closed", "peer-closed", "resolved"]);
  });

  it("reject invalid per-call options with invalid-argument at once, as calls to a peer do", async () => {
    const node = client({ registry: unreachableRegistry(), timeout: 0 });
    const target = node.service(CalcService);
    const calc = createCalcClient(node, target);
    const calls = [
      track(calc.add({ a: 1, b: 1 }, { signal: {} as AbortSignal })),
      track(calc.add({ a: 1, b: 1 }, { timeout: -1 })),
      track(node.callRaw(target, 1, new Uint8Array(0), { timeout: Number.NaN })),
      track(node.callRaw(target, 1, new Uint8Array(0), { signal: "nope" as never })),
    ];
    await waitFor(() => calls.every((c) => c.outcome !== undefined), 5000, "all rejected");
    expect(calls.map((c) => c.outcome)).toEqual(["invalid-argument", "invalid-argument", "invalid-argument", "invalid-argument"]);
  });
});
