/**
 * The decoder's fast paths: strings served from the reader's Latin-1 text window (ASCII
 * check, window boundaries, non-ASCII and long strings), inputs that are views into larger
 * buffers (offsets, bounds, error offsets rebased to the view), the per-buffer DataView
 * cache (mutated and alternating inputs), the all-fields-present object literal versus
 * partially present structs, and the shared-scratch unpack of `decodePacked`.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createReader, DecodeError, pack, readText, TEXT_WINDOW, unpack, type MessageCodec } from "../../runtime/zproto/index.ts";
import { unpackShared } from "../../runtime/zproto/pack.ts";
import { loadSchema, type LoadedSchema } from "./helpers/generated.ts";
import { FIXTURES_DIR } from "./helpers/paths.ts";

let game: LoadedSchema;
let player: MessageCodec<unknown>;

beforeAll(async () => {
  game = await loadSchema(`${FIXTURES_DIR}game.zp`);
  player = game.codec("player");
}, 60_000);

/** `bytes` copied into a larger buffer at `at`, surrounded by bytes ≥ 0x80. */
function embedded(bytes: Uint8Array, at: number, after = 13): Uint8Array {
  const big = new Uint8Array(at + bytes.length + after).fill(0xc3);
  big.set(bytes, at);
  return big.subarray(at, at + bytes.length);
}

function decodeError(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("expected a DecodeError");
}

const textArb = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", "Z", " ", "~", "0", "\u007f"), maxLength: 70 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
);

describe("strings through the text window", () => {
  it("round-trip any mix of short, long, ASCII and non-ASCII strings across several windows", () => {
    fc.assert(
      fc.property(fc.array(textArb, { maxLength: 60 }), textArb, fc.nat({ max: 40 }), (tags, name, at) => {
        const value = { name, tags };
        const bytes = player.encode(value);
        expect(player.decode(bytes)).toEqual(value);
        expect(player.decode(embedded(bytes, at))).toEqual(value);
        expect(player.decodePacked(player.encodePacked(value))).toEqual(value);
      }),
      { numRuns: 150, seed: 5 },
    );
  });

  it("serves strings on both sides of a window boundary", () => {
    // 40 strings of 30 ASCII bytes (+4 length bytes each): the window of the first string
    // ends inside the 16th; every string must still be exact.
    const tags = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(2, "0")}-${"abcdefghijklmnopqrstuvwxyz0".slice(0, 27)}`);
    expect(34 * tags.length).toBeGreaterThan(2 * TEXT_WINDOW);
    const value = { tags, name: "after the tags" };
    expect(player.decode(player.encode(value))).toEqual(value);
  });

  it("decodes invalid UTF-8 with U+FFFD like TextDecoder, next to ASCII strings", () => {
    // player { name "ok" (tag 2: delta 1 from base tag 1), tags ["\xff\xfe", "abc"] (tag 6: delta 3) }
    const body = [2, 0, 1, 0, 3, 0, 2, 0, 0, 0, 0x6f, 0x6b, 2, 0, 0, 0, 2, 0, 0, 0, 0xff, 0xfe, 3, 0, 0, 0, 0x61, 0x62, 0x63];
    const bytes = Uint8Array.from([body.length, 0, 0, 0, ...body]);
    expect(player.decode(bytes)).toEqual({ name: "ok", tags: ["\ufffd\ufffd", "abc"] });
  });

  it("readText is exact whatever precedes the string", () => {
    const r = createReader(Uint8Array.from([0x61, 0x62, 0xc3, 0xa9, 0x80, 0x78, 0x79]));
    expect(readText(r, 0, 2)).toBe("ab");
    expect(readText(r, 2, 4)).toBe("é");
    expect(readText(r, 5, 7)).toBe("xy"); // preceded by 0x80, not a length
    expect(readText(r, 0, 4)).toBe("abé");
    expect(readText(r, 3, 3)).toBe("");
  });
});

describe("inputs that are views", () => {
  const value = { id: 7, name: "view", level: 3, tags: ["a", "bc"], pos: { x: 1.5, y: -2 }, items: [{ id: 1, count: 2 }] };

  it("decode the same at any offset and ignore the buffer's bytes around the view", () => {
    const bytes = player.encode(value);
    for (const at of [0, 1, 3, 8, 13]) expect(player.decode(embedded(bytes, at))).toEqual(value);
  });

  it("never read past the view, even when the buffer goes on", () => {
    const bytes = player.encode(value).slice();
    const cut = bytes.length - 3;
    const whole = decodeError(() => player.decode(bytes.slice(0, cut)));
    // Same bytes as a view whose buffer continues with the real rest of the message.
    const view = new Uint8Array(bytes.buffer, 0, cut);
    const e = decodeError(() => player.decode(view));
    expect(e.offset).toBe(whole.offset);
    expect(e.fieldPath).toBe(whole.fieldPath);
  });

  it("report error offsets relative to the view", () => {
    // Cut the last item short and fix the outer len: the error is inside the message.
    const cut = player.encode(value).slice(0, -3);
    new DataView(cut.buffer).setUint32(0, cut.length - 4, true);
    const base = decodeError(() => player.decode(cut));
    expect(base.fieldPath).toBe("player.items[0]");
    expect(base.offset).toBeGreaterThan(10);
    for (const at of [1, 5, 16]) {
      const e = decodeError(() => player.decode(embedded(cut, at)));
      expect(e.offset).toBe(base.offset);
      expect(e.message).toBe(base.message);
    }
  });

  it("see the current bytes of a reused or mutated input", () => {
    const bytes = player.encode({ name: "alpha", tags: ["one"] }).slice();
    expect(player.decode(bytes)).toEqual({ name: "alpha", tags: ["one"] });
    bytes[14] = 0x41; // "alpha" (after len, count, 2 tag deltas, string length) → "Alpha"
    expect(player.decode(bytes)).toEqual({ name: "Alpha", tags: ["one"] });
    const other = embedded(player.encode({ name: "beta" }), 9);
    expect(player.decode(other)).toEqual({ name: "beta" });
    expect(player.decode(bytes)).toEqual({ name: "Alpha", tags: ["one"] });
  });

  it("decode inputs in buffers too large to keep cached", () => {
    const bytes = player.encode(value);
    const big = new Uint8Array((1 << 20) + bytes.length + 64);
    big.set(bytes, 1 << 20);
    expect(player.decode(big.subarray(1 << 20, (1 << 20) + bytes.length))).toEqual(value);
    expect(player.decode(bytes)).toEqual(value);
  });
});

describe("result objects", () => {
  it("have exactly the present keys, in schema order", () => {
    const full = player.decode(
      player.encode({
        id: 1,
        name: "n",
        level: 2,
        hp: 0.5,
        online: true,
        tags: [],
        pos: {},
        items: [],
        by_id: [],
        uid: 5n,
        avatar: new Uint8Array([1]),
      }),
    );
    expect(Object.keys(full as object)).toEqual(["id", "name", "level", "hp", "online", "tags", "pos", "items", "by_id", "uid", "avatar"]);
    const some = player.decode(player.encode({ tags: ["x"], id: 9, pos: { y: 1 } })) as Record<string, unknown>;
    expect(Object.keys(some)).toEqual(["id", "tags", "pos"]);
    expect(Object.keys(some["pos"] as object)).toEqual(["y"]);
    expect("name" in some).toBe(false);
  });

  it("are the same on the fast path (every field present, in order) and the general path", () => {
    // The same complete message, once as encoded (fast path) and once with an extra tag-table
    // entry for an unknown tag after the last field: the count no longer matches, so the
    // general path (`readPartial`) decodes it, and stops at the unknown tag after every field.
    const withTrailingUnknownTag = (bytes: Uint8Array): Uint8Array => {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const count = view.getUint16(4, true);
      const tableEnd = 6 + 2 * count;
      const out = new Uint8Array(bytes.length + 2);
      out.set(bytes.subarray(0, tableEnd), 0);
      out.set(bytes.subarray(tableEnd), tableEnd + 2);
      const o = new DataView(out.buffer);
      o.setUint32(0, view.getUint32(0, true) + 2, true);
      o.setUint16(4, count + 1, true);
      o.setUint16(tableEnd, 5, true); // a delta of 5 after tag 11: tag 17, not declared
      return out;
    };
    const f32 = fc.float({ noNaN: true }).map(Math.fround);
    const arb = fc.record({
      id: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      name: fc.string(),
      level: fc.integer({ min: 0, max: 1000 }),
      hp: f32,
      online: fc.boolean(),
      tags: fc.array(fc.string(), { maxLength: 4 }),
      pos: fc.record({ x: f32, y: f32 }),
      items: fc.array(fc.record({ id: fc.integer({ min: 0, max: 99 }), count: fc.integer({ min: 0, max: 99 }) }), { maxLength: 3 }),
      by_id: fc.uniqueArray(fc.record({ id: fc.integer({ min: 0, max: 99 }), count: fc.integer({ min: 0, max: 99 }) }), {
        selector: (e) => e.id,
        maxLength: 3,
      }),
      uid: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      avatar: fc.uint8Array({ maxLength: 8 }),
    });
    fc.assert(
      fc.property(arb, (value) => {
        const bytes = player.encode(value);
        const fast = player.decode(bytes);
        const general = player.decode(withTrailingUnknownTag(bytes));
        expect(general).toStrictEqual(fast);
        expect(Object.keys(fast as object)).toEqual(Object.keys(value));
      }),
      { numRuns: 150 },
    );
  });

  it("stop at an unknown tag and keep the fields before it", () => {
    // player { id 5 (tag 1), tag 40 (unknown), ... }: only id survives.
    const bytes = Uint8Array.from([12, 0, 0, 0, 2, 0, 0, 0, 38, 0, 5, 0, 0, 0, 9, 0]);
    expect(player.decode(bytes)).toEqual({ id: 5 });
  });
});

describe("unpack into the shared scratch (decodePacked)", () => {
  function outcome(fn: () => Uint8Array): string {
    try {
      return Buffer.from(fn()).toString("hex");
    } catch (e) {
      if (e instanceof DecodeError) return `error ${e.offset}: ${e.message}`;
      throw e;
    }
  }

  it("gives exactly unpack's bytes or error, whatever the scratch held before", () => {
    // Random packed input (small: one pass; over 511 bytes: sized first), valid packed
    // input, and every sequence of them through the one scratch buffer.
    const packedArb = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.uint8Array({ minLength: 500, maxLength: 700 }),
      fc.uint8Array({ maxLength: 900 }).map((raw) => pack(raw.map((b) => (b < 120 ? 0 : b)))),
    );
    fc.assert(
      fc.property(fc.array(packedArb, { minLength: 1, maxLength: 6 }), (inputs) => {
        for (const src of inputs) {
          const shared = outcome(() => {
            const r = unpackShared(src);
            return r.buf.slice(0, r.size);
          });
          expect(shared).toBe(outcome(() => unpack(src)));
        }
      }),
      { numRuns: 200, seed: 17 },
    );
  });
});
