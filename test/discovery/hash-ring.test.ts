/**
 * The consistent hash ring: properties with fast-check (spread, stability under membership
 * change), placement equal to the documented definition through any sequence of changes,
 * and churn that costs O(log N) ring entries per change, counted, not timed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHashRing, hash32, memberPoints, RING_POINTS } from "../../runtime/discovery/hash-ring.ts";
import { createRingTree } from "../../runtime/discovery/ring-tree.ts";

/** The documented placement, computed the plain way: every point sorted, ties by id. */
function referenceOwner(members: readonly string[], key: string): string | undefined {
  const points: Array<[number, string]> = [];
  for (const id of members) for (let i = 0; i < RING_POINTS; i++) points.push([hash32(`${id}#${i}`), id]);
  points.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  if (points.length === 0) return undefined;
  const h = hash32(key);
  return (points.find(([p]) => p >= h) ?? points[0])?.[1];
}

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

  it("places keys exactly as documented through any sequence of adds and removes (bulk and one by one)", () => {
    const step = fc.record({
      add: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }),
      remove: fc.array(fc.nat(), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), keys, (steps, ks) => {
        const ring = createHashRing<string>([], (m) => m);
        let members: string[] = [];
        for (const { add, remove } of steps) {
          const removed = [...new Set(remove.map((r) => members[r % Math.max(1, members.length)]).filter((m) => m !== undefined))];
          const added = [...new Set(add.map((a) => `10.0.0.${a}:7001`))].filter((m) => !members.includes(m) || removed.includes(m));
          ring.change(added, removed);
          members = [...members.filter((m) => !removed.includes(m)), ...added];
          expect(ring.size).toBe(members.length);
          for (const k of ks) expect(ring.lookup(k), k).toBe(referenceOwner(members, k));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("a point shared by two members belongs to the smaller id, and to the other once it leaves", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 50 }), { minLength: 1, maxLength: 30 }), fc.nat(), (shared, seed) => {
        // Three owners claim overlapping point sets: many 32-bit "collisions" on purpose.
        const owners = ["b", "a", "c"];
        const claims = owners.map((_o, k) => shared.filter((_p, i) => (i + k + seed) % 3 !== 0).map((p) => p * 1000));
        const tree = createRingTree<string>((m) => m);
        owners.forEach((o, k) => {
          for (const p of claims[k] ?? []) tree.insert(p, o);
        });
        const owner = (point: number, present: readonly string[]): string | undefined => {
          const live = owners.filter((o, k) => present.includes(o) && (claims[k] ?? []).includes(point)).sort();
          return live[0];
        };
        const check = (present: readonly string[]): void => {
          const all = [...new Set(owners.flatMap((o, k) => (present.includes(o) ? (claims[k] ?? []) : [])))].sort((x, y) => x - y);
          for (const p of all) expect(tree.successor(p)).toBe(owner(p, present));
          if (all.length === 0) expect(tree.successor(0)).toBeUndefined();
        };
        check(owners);
        for (const p of claims[1] ?? []) tree.delete(p, "a");
        check(["b", "c"]);
        // Bulk-loaded, the same points give the same owners.
        const bulk = createRingTree<string>((m) => m, { members: owners, pointsOf: (o) => claims[owners.indexOf(o)] ?? [] });
        for (const p of claims.flat()) expect(bulk.successor(p)).toBe(owner(p, owners));
      }),
      { numRuns: 100 },
    );
  });

  it("churn touches O(log N) ring entries per change: about the same per change at 100 and at 5,000 members", () => {
    const perChange = (n: number): number => {
      const members = Array.from({ length: n }, (_v, i) => `10.1.${i >> 8}.${i & 255}:7001`);
      const ring = createHashRing(members, (m) => m);
      const before = ring.touched;
      // 20 members leave and come back one at a time (as ejection and readmission do), 20 join and leave.
      for (let i = 0; i < 20; i++) {
        const m = members[(i * 7919) % n] as string;
        ring.change([], [m]);
        ring.change([m], []);
        const fresh = `10.2.0.${i}:7001`;
        ring.change([fresh], []);
        ring.change([], [fresh]);
      }
      expect(ring.size).toBe(n);
      return (ring.touched - before) / 80;
    };
    const small = perChange(100);
    const large = perChange(5000);
    // Rebuilding (or re-sorting) the ring per change would touch 128 × N entries: 640,000 at 5,000.
    expect(small).toBeGreaterThanOrEqual(RING_POINTS);
    expect(large).toBeLessThan(RING_POINTS * 100);
    expect(large / small).toBeLessThan(3);
  });

  it("memberPoints are the documented points", () => {
    expect(memberPoints("127.0.0.1:7001")[0]).toBe(0x2f5563fd);
    expect(memberPoints("x")).toHaveLength(RING_POINTS);
  });
});
