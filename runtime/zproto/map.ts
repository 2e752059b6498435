/**
 * Maps (`T[key]`) are represented as arrays of their element structs — exactly zproto's
 * wire model, where the key is an ordinary field inside each element. This is lossless for
 * every key type (bigint, float incl. NaN and −0, boolean, string) and literal-friendly.
 * On decode, a repeated key keeps only its last element (as zproto's Lua binding does);
 * keys compare with SameValueZero (so NaN equals NaN and −0 equals +0, like a Lua table).
 */

/** Drops every element whose key occurs again later; returns `list` itself when keys are unique. */
export function keepLastByKey<T>(list: T[], key: (element: T) => unknown): T[] {
  const n = list.length;
  if (n < 2) return list;
  const last = new Map<unknown, number>();
  for (let i = 0; i < n; i++) last.set(key(list[i] as T), i);
  if (last.size === n) return list;
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const el = list[i] as T;
    if (last.get(key(el)) === i) out.push(el);
  }
  return out;
}
