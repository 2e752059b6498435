/**
 * The pure parts of discovery: the consistent hash ring (properties with fast-check), the
 * balancers, the key layout and member values, and the static registry's events.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createKeyHash,
  createLeastPending,
  createRandom,
  createRoundRobin,
  resolveBalancer,
  type BalanceMember,
} from "../../runtime/discovery/balance.ts";
import { createHashRing, hash32, RING_POINTS } from "../../runtime/discovery/hash-ring.ts";
import { decodeMemberValue, encodeMemberValue, memberKey, memberOf, type MembershipEvent } from "../../runtime/discovery/registry.ts";
import { createStaticRegistry } from "../../runtime/discovery/static-registry.ts";
import { createCluster } from "../../runtime/cluster.ts";
import { isClusterError } from "../../runtime/errors.ts";
import type { Listener } from "../../runtime/types.ts";

const ids = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 });
const keys = fc.array(fc.string({ maxLength: 16 }), { minLength: 1, maxLength: 60 });

describe("hash ring", () => {
  it("hash32 is FNV-1a over UTF-8 then fmix32 (vectors computed by an independent Python implementation)", () => {
    const vectors: Array<[string, number]> = [
      ["", 0xab3e7c0b],
      ["a", 0x1a80b1b3],
      ["room-1", 0x746fe76a],
      ["127.0.0.1:7001#0", 0x2f5563fd],
      ["é", 0x8e4756c7],
      ["玩家-42", 0x6770f919],
    ];
    for (const [text, want] of vectors) expect(hash32(text), text).toBe(want);
  });

  it("maps every key to a member, the same one for any order of the member list", () => {
    fc.assert(
      fc.property(ids, keys, (members, ks) => {
        const a = createHashRing(members, (m) => m);
        const b = createHashRing([...members].reverse(), (m) => m);
        for (const k of ks) {
          const owner = a.lookup(k);
          expect(members).toContain(owner);
          expect(b.lookup(k)).toBe(owner);
        }
      }),
    );
  });

  it("removing a member moves only its keys; adding one takes keys only to it", () => {
    fc.assert(
      fc.property(
        ids.filter((l) => l.length >= 2),
        keys,
        fc.nat(),
        (members, ks, pick) => {
          const gone = members[pick % members.length] as string;
          const full = createHashRing(members, (m) => m);
          const less = createHashRing(
            members.filter((m) => m !== gone),
            (m) => m,
          );
          for (const k of ks) {
            const before = full.lookup(k);
            const after = less.lookup(k);
            if (before !== gone) expect(after).toBe(before);
            else expect(after).not.toBe(gone);
          }
        },
      ),
    );
  });

  it("spreads keys over members: each of 3 gets between 20% and 47% of 6000 keys", () => {
    const ring = createHashRing(["10.0.0.1:7001", "10.0.0.2:7001", "10.0.0.3:7001"], (m) => m);
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const owner = ring.lookup(`player-${i}`) as string;
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    expect(counts.size).toBe(3);
    for (const n of counts.values()) {
      expect(n).toBeGreaterThan(1200);
      expect(n).toBeLessThan(2820);
    }
    expect(RING_POINTS).toBe(128);
  });

  it("an empty ring owns nothing", () => {
    expect(createHashRing([], (m: string) => m).lookup("x")).toBeUndefined();
  });
});

function ms(...pending: number[]): BalanceMember[] {
  return pending.map((p, i) => ({ id: `m${i}`, addr: `127.0.0.1:${7000 + i}`, pending: p }));
}

describe("balancers", () => {
  it("round-robin takes members in turn, also across list changes", () => {
    const rr = createRoundRobin();
    const list = ms(0, 0, 0);
    expect(Array.from({ length: 6 }, () => rr.pick(list, undefined, 1)?.id)).toEqual(["m0", "m1", "m2", "m0", "m1", "m2"]);
    const shorter = list.slice(0, 2);
    for (let i = 0; i < 5; i++) expect(shorter).toContain(rr.pick(shorter, undefined, 1));
  });

  it("random stays in the list and follows its random source", () => {
    const seq = [0, 0.5, 0.99];
    let i = 0;
    const random = createRandom(() => seq[i++ % seq.length] as number);
    const list = ms(0, 0, 0);
    expect([random.pick(list, undefined, 1), random.pick(list, undefined, 1), random.pick(list, undefined, 1)].map((m) => m?.id)).toEqual([
      "m0",
      "m1",
      "m2",
    ]);
  });

  it("least-pending picks the fewest in flight; ties go in turn", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 10 }), (pending) => {
        const lp = createLeastPending();
        const list = ms(...pending);
        const least = Math.min(...pending);
        for (let k = 0; k < pending.length; k++) expect(lp.pick(list, undefined, 1)?.pending).toBe(least);
      }),
    );
    const lp = createLeastPending();
    const idle = ms(0, 0, 0);
    expect([lp.pick(idle, 0, 1), lp.pick(idle, 0, 1), lp.pick(idle, 0, 1)].map((m) => m?.id)).toEqual(["m0", "m1", "m2"]);
  });

  it("key-hash follows the ring of member ids; a throwing key function rejects invalid-argument", () => {
    const list = ms(0, 0, 0);
    const kh = createKeyHash((req: { room: string }) => req.room);
    kh.update?.(list);
    const ring = createHashRing(list, (m) => m.id);
    for (let r = 0; r < 50; r++) expect(kh.pick(list, { room: `r${r}` }, 1)).toBe(ring.lookup(`r${r}`));
    const bad = createKeyHash(() => {
      throw new Error("no key");
    });
    expect(() => bad.pick(list, {}, 1)).toThrowError(expect.objectContaining({ code: "invalid-argument" }));
  });

  it("resolveBalancer: defaults, names, a custom balancer, and invalid-argument for the rest", () => {
    expect(resolveBalancer({}).pick(ms(0, 0), undefined, 1)?.id).toBe("m0");
    const custom = { pick: <M extends BalanceMember>(list: readonly M[]) => list[list.length - 1] };
    expect(resolveBalancer({ balance: custom })).toBe(custom);
    expect(resolveBalancer({ key: () => "k" }).update).toBeTypeOf("function");
    for (const bad of [{ balance: "nope" }, { balance: "random", key: () => "k" }, { balance: "key-hash" }, { key: 42 }, { balance: {} }]) {
      expect(() => resolveBalancer(bad as never)).toThrowError(expect.objectContaining({ code: "invalid-argument" }));
    }
  });
});

describe("key layout and member values", () => {
  const listener = (host: string, port: number): Listener => ({
    address: { host, port },
    connections: 0,
    closed: false,
    wire: "silly-0.7.0",
  });

  it("keys are <prefix>services/<service>/<id>; values are {addr, wire, meta} JSON", () => {
    expect(memberKey("/clusterc/", "calc", "10.0.0.5:7001")).toBe("/clusterc/services/calc/10.0.0.5:7001");
    const m = memberOf("calc", listener("10.0.0.5", 7001), { meta: { zone: "a" } });
    expect(m).toEqual({ id: "10.0.0.5:7001", addr: "10.0.0.5:7001", wire: "silly-0.7.0", meta: { zone: "a" } });
    expect(JSON.parse(encodeMemberValue(m))).toEqual({ addr: "10.0.0.5:7001", wire: "silly-0.7.0", meta: { zone: "a" } });
    expect(decodeMemberValue("x", encodeMemberValue(m))).toEqual({ ...m, id: "x" });
  });

  it("an announced listener publishes its node's wire version (a 0.7.1 node is not announced as 0.7.0)", async () => {
    for (const wire of ["silly-0.7.0", "silly-0.7.1"] as const) {
      const node = createCluster({ wire });
      try {
        const bound = await node.listen("127.0.0.1:0");
        expect(bound.wire).toBe(wire);
        expect(memberOf("calc", bound).wire).toBe(wire);
        expect(memberOf("calc", bound, { wire: "silly-0.7.0" }).wire).toBe("silly-0.7.0");
      } finally {
        await node.shutdown();
      }
    }
  });

  it("advertise replaces the host (keeping the port) or the whole address; wildcards become a real address", () => {
    expect(memberOf("calc", listener("0.0.0.0", 7001), { advertise: "game-1.internal" }).addr).toBe("game-1.internal:7001");
    expect(memberOf("calc", listener("0.0.0.0", 7001), { advertise: "10.1.1.1:9000" }).addr).toBe("10.1.1.1:9000");
    expect(memberOf("calc", listener("0.0.0.0", 7001), { advertise: "::1" }).addr).toBe("[::1]:7001");
    expect(memberOf("calc", listener("0.0.0.0", 7001)).addr).not.toMatch(/^0\.0\.0\.0:/);
    expect(memberOf("calc", "127.0.0.1:7002", { id: "node-7", wire: "silly-0.7.1" })).toEqual({
      id: "node-7",
      addr: "127.0.0.1:7002",
      wire: "silly-0.7.1",
    });
  });

  it("rejects bad announcements and ignores malformed values", () => {
    for (const make of [
      () => memberOf("a/b", "127.0.0.1:1"),
      () => memberOf("calc", "127.0.0.1:0"),
      () => memberOf("calc", "nope"),
      () => memberOf("calc", "127.0.0.1:1", { id: "x/y" }),
      () => memberOf("calc", "127.0.0.1:1", { wire: "silly-9" as never }),
    ]) {
      expect(make).toThrowError(expect.objectContaining({ code: "invalid-argument" }));
    }
    for (const text of ["", "[]", "{}", '{"addr":5}', '{"addr":"no-port"}', "not json"])
      expect(decodeMemberValue("x", text)).toBeUndefined();
    expect(decodeMemberValue("x", '{"addr":"h:1","wire":"other","extra":1}')).toEqual({ id: "x", addr: "h:1" });
  });
});

describe("static registry", () => {
  it("holds fixed members, announces and withdraws by listener with events, and closes", async () => {
    const registry = createStaticRegistry({ services: { calc: ["127.0.0.1:7001", { id: "b", addr: "127.0.0.1:7002", meta: { w: 2 } }] } });
    const events: MembershipEvent[] = [];
    const watch = registry.watch("calc", (e) => events.push(e));
    await watch.ready;
    expect(watch.members().map((m) => m.id)).toEqual(["127.0.0.1:7001", "b"]);
    const l1: Listener = { address: { host: "127.0.0.1", port: 7003 }, connections: 0, closed: false, wire: "silly-0.7.0" };
    const l2: Listener = { address: { host: "127.0.0.1", port: 7004 }, connections: 0, closed: false, wire: "silly-0.7.0" };
    await registry.announce("calc", l1);
    const a2 = await registry.announce("calc", l2);
    await registry.announce("calc", l2, { meta: { v: 2 } });
    expect(events.map((e) => `${e.type} ${e.member.id}`)).toEqual([
      "added 127.0.0.1:7003",
      "added 127.0.0.1:7004",
      "updated 127.0.0.1:7004",
    ]);
    await registry.withdraw([l1]);
    expect(watch.members().map((m) => m.id)).toEqual(["127.0.0.1:7001", "b", "127.0.0.1:7004"]);
    await a2.withdraw();
    await a2.withdraw();
    expect(events.slice(3).map((e) => `${e.type} ${e.member.id}`)).toEqual(["removed 127.0.0.1:7003", "removed 127.0.0.1:7004"]);
    watch.close();
    await registry.announce("calc", l1);
    expect(events).toHaveLength(5);
    await registry.close();
    await expect(registry.announce("calc", l1)).rejects.toSatisfy((e: unknown) => isClusterError(e, "closed"));
    expect(() => createStaticRegistry({ services: { calc: ["nope"] } })).toThrowError(
      expect.objectContaining({ code: "invalid-argument" }),
    );
  });
});
