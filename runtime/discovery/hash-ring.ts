/**
 * A consistent hash ring for key affinity: each member owns {@link RING_POINTS} points on a
 * 32-bit ring; a key belongs to the owner of the first point at or after the key's hash
 * (wrapping). Removing a member moves only its own keys; adding one takes keys only to it.
 *
 * Every caller with the same member ids maps a key to the same member, in any language:
 * - `hash32(s)` = FNV-1a 32-bit over the UTF-8 bytes of `s`, then murmur3's `fmix32`;
 * - the points of member `id` are `hash32(id + "#" + i)` for i = 0 … 127;
 * - equal points are ordered by member id (code-unit order).
 *
 * The points live in a B+-tree (ring-tree.ts), so a member joining or leaving costs
 * O(log N) per point, not a rebuild of the ring: with thousands of members, churn (and the
 * ejection and readmission of members) stays cheap. A large batch is loaded in one sort.
 */
import { createRingTree, type RingTree } from "./ring-tree.ts";

/** Points per member on the ring. */
export const RING_POINTS = 128;

const encoder = new TextEncoder();

/** murmur3's 32-bit finaliser: spreads FNV's weak low bits over the whole word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a (32-bit) over the UTF-8 bytes of `text`, finalised with fmix32; an unsigned 32-bit integer. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return hashBytes(encoder.encode(text));
    h = Math.imul(h ^ c, 0x01000193);
  }
  return fmix32(h);
}

function hashBytes(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  return fmix32(h);
}

/** The {@link RING_POINTS} points of member `id`. */
export function memberPoints(id: string): number[] {
  const points: number[] = [];
  for (let i = 0; i < RING_POINTS; i++) points.push(hash32(`${id}#${i}`));
  return points;
}

/** A ring over members of type `M`, each named by a string id. */
export interface HashRing<M> {
  /** Number of members on the ring. */
  readonly size: number;
  /** The member owning `key`, or undefined when the ring is empty. */
  lookup(key: string): M | undefined;
  /**
   * Takes `removed` off the ring and puts `added` on it (a member replaces one of the same
   * id): point by point, or, when more than a quarter of the ring arrives at once (a first
   * member list), by loading the whole ring in one sort.
   */
  change(added: readonly M[], removed: readonly M[]): void;
  /**
   * Work done so far: ring entries written or moved (inserts, deletes, the shifts and splits
   * they cause, entries loaded in bulk). Lets tests check that churn costs O(log N) per point.
   */
  readonly touched: number;
}

/** Adding more than this share of the ring's members at once reloads the ring in one sort. */
const BULK_SHARE = 0.25;

/** Builds the ring of `members` (ids must be distinct); {@link HashRing.change} keeps it up to date. */
export function createHashRing<M>(members: readonly M[], idOf: (member: M) => string): HashRing<M> {
  const byId = new Map<string, M>();
  for (const member of members) byId.set(idOf(member), member);
  let tree: RingTree<M> = createRingTree<M>(idOf);
  /** Entries touched by the trees replaced so far. */
  let before = 0;

  const reload = (): void => {
    before += tree.touched;
    tree = createRingTree<M>(idOf, { members: [...byId.values()], pointsOf: (m) => memberPoints(idOf(m)) });
  };
  const remove = (member: M): void => {
    const id = idOf(member);
    if (byId.get(id) !== member) return;
    byId.delete(id);
    for (const point of memberPoints(id)) tree.delete(point, member);
  };
  reload();

  return {
    get size() {
      return byId.size;
    },
    get touched() {
      return before + tree.touched;
    },
    lookup(key) {
      return tree.successor(hash32(key));
    },
    change(added, removed) {
      for (const member of removed) remove(member);
      if (added.length > Math.max(8, byId.size * BULK_SHARE)) {
        for (const member of added) byId.set(idOf(member), member);
        reload();
        return;
      }
      for (const member of added) {
        const id = idOf(member);
        const previous = byId.get(id);
        if (previous === member) continue;
        if (previous !== undefined) remove(previous);
        byId.set(id, member);
        for (const point of memberPoints(id)) tree.insert(point, member);
      }
    },
  };
}
