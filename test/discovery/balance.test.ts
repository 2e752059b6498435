/** The balancers: round-robin, random, least-pending and key affinity. */
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
import { createHashRing } from "../../runtime/discovery/hash-ring.ts";

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
    kh.update?.(list, { added: list, removed: [] });
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
