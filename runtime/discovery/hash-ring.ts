/**
 * A consistent hash ring for key affinity: each member owns {@link RING_POINTS} points on a
 * 32-bit ring; a key belongs to the owner of the first point at or after the key's hash
 * (wrapping). Removing a member moves only its own keys; adding one takes keys only to it.
 *
 * Every caller with the same member ids maps a key to the same member, in any language:
 * - `hash32(s)` = FNV-1a 32-bit over the UTF-8 bytes of `s`, then murmur3's `fmix32`;
 * - the points of member `id` are `hash32(id + "#" + i)` for i = 0 … 127;
 * - equal points are ordered by member id (code-unit order).
 */

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

/** A ring over members of type `M`, each named by a string id. */
export interface HashRing<M> {
  /** Number of members on the ring. */
  readonly size: number;
  /** The member owning `key`, or undefined when the ring is empty. */
  lookup(key: string): M | undefined;
}

/** Builds the ring of `members` (ids must be distinct). */
export function createHashRing<M>(members: readonly M[], idOf: (member: M) => string): HashRing<M> {
  const entries: Array<{ point: number; id: string; member: M }> = [];
  for (const member of members) {
    const id = idOf(member);
    for (let i = 0; i < RING_POINTS; i++) entries.push({ point: hash32(`${id}#${i}`), id, member });
  }
  entries.sort((a, b) => a.point - b.point || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const points = new Uint32Array(entries.length);
  const owners: M[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as (typeof entries)[number];
    points[i] = e.point;
    owners.push(e.member);
  }
  return {
    size: members.length,
    lookup(key: string): M | undefined {
      const n = points.length;
      if (n === 0) return undefined;
      const h = hash32(key);
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((points[mid] as number) < h) lo = mid + 1;
        else hi = mid;
      }
      return owners[lo === n ? 0 : lo];
    },
  };
}
