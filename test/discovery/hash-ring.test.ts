/** The consistent hash ring: properties with fast-check (spread, stability under membership change). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHashRing, hash32, RING_POINTS } from "../../runtime/discovery/hash-ring.ts";

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
