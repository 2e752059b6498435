/**
 * Encode validation (EncodeError with message and field path) and decode failures
 * (DecodeError with path and offset), on generated codecs.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { SchemaModel, StructModel } from "../../compiler/model/schema-model.ts";
import { DecodeError, EncodeError, toHex, type MessageCodec } from "../../runtime/index.ts";
import type { EncodeErrorCode } from "../../runtime/zproto/errors.ts";
import { loadModel, loadSchema, type LoadedSchema } from "./helpers/generated.ts";
import { FIXTURES_DIR } from "./helpers/paths.ts";
import { schemaFile } from "./helpers/vectors.ts";

let scalars: LoadedSchema;
let nested: LoadedSchema;
let maps: LoadedSchema;
let gameNum: LoadedSchema;

beforeAll(async () => {
  scalars = await loadSchema(schemaFile("scalars.zp"));
  nested = await loadSchema(schemaFile("nested.zp"));
  maps = await loadSchema(schemaFile("maps.zp"));
  gameNum = await loadSchema(`${FIXTURES_DIR}game.zp`, { int64: "number" });
}, 60_000);

function encodeError(codec: MessageCodec<unknown>, value: unknown): EncodeError {
  try {
    codec.encode(value);
  } catch (e) {
    if (e instanceof EncodeError) return e;
    throw e;
  }
  throw new Error("expected an EncodeError");
}

function decodeError(codec: MessageCodec<unknown>, bytes: Uint8Array): DecodeError {
  try {
    codec.decode(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("expected a DecodeError");
}

describe("encode validation", () => {
  const cases: [string, unknown, string, EncodeErrorCode][] = [
    ["i8", 128, "scalars.i8", "out-of-range"],
    ["i8", -129, "scalars.i8", "out-of-range"],
    ["u8", -1, "scalars.u8", "out-of-range"],
    ["u8", 256, "scalars.u8", "out-of-range"],
    ["i16", 32768, "scalars.i16", "out-of-range"],
    ["u16", 65536, "scalars.u16", "out-of-range"],
    ["i32", 2 ** 31, "scalars.i32", "out-of-range"],
    ["i32", 0x100000001, "scalars.i32", "out-of-range"],
    ["u32", -1, "scalars.u32", "out-of-range"],
    ["u32", 2 ** 32, "scalars.u32", "out-of-range"],
    ["i32", 1.5, "scalars.i32", "invalid-value"],
    ["i32", NaN, "scalars.i32", "invalid-value"],
    ["i32", "1", "scalars.i32", "invalid-value"],
    ["i64", 1, "scalars.i64", "invalid-value"],
    ["i64", 2n ** 63n, "scalars.i64", "out-of-range"],
    ["u64", -1n, "scalars.u64", "out-of-range"],
    ["u64", 2n ** 64n, "scalars.u64", "out-of-range"],
    ["b", 1, "scalars.b", "invalid-value"],
    ["s", 5, "scalars.s", "invalid-value"],
    ["bl", "xx", "scalars.bl", "invalid-value"],
    ["f", "1.0", "scalars.f", "invalid-value"],
  ];
  it.each(cases)("rejects %s = %s", (field, value, path, code) => {
    const e = encodeError(scalars.codec("scalars"), { [field]: value });
    expect(e.code).toBe(code);
    expect(e.fieldPath).toBe(path);
    expect(e.messageName).toBe("scalars");
    expect(e.message).toContain(path);
  });

  it("accepts the extremes of every integer type", () => {
    const bytes = scalars
      .codec("scalars")
      .encode({ i8: -128, u8: 255, i16: -32768, u16: 65535, i32: -(2 ** 31), u32: 2 ** 32 - 1, i64: -(2n ** 63n), u64: 2n ** 64n - 1n });
    expect(bytes.length).toBeGreaterThan(6);
  });

  it("accepts any number for floats (rounded) and treats null as absent", () => {
    const c = scalars.codec("scalars");
    expect(c.decode(c.encode({ f: 0.1 }))).toEqual({ f: Math.fround(0.1) });
    expect(c.decode(c.encode({ f: null, s: undefined }))).toEqual({});
  });

  it("names the path through struct arrays and nested structs", () => {
    const team = nested.codec("team");
    const e = encodeError(team, { members: [{}, { stats: { buffs: [{ id: 1 }, { id: 70000 }] } }] });
    expect(e.fieldPath).toBe("team.members[1].stats.buffs[1].id");
    const e2 = encodeError(team, { leader: { pos: { x: "no" } } });
    expect(e2.fieldPath).toBe("team.leader.pos.x");
    const e3 = encodeError(team, { members: [null] });
    expect(e3.fieldPath).toBe("team.members[0]");
    const e4 = encodeError(team, { members: {} });
    expect(e4.fieldPath).toBe("team.members");
  });

  it("names the element of a scalar array", () => {
    const e = encodeError(nested.codec("team"), { leader: { stats: { hp: 1 }, path: [{ x: 1 }, { y: true }] } });
    expect(e.fieldPath).toBe("team.leader.path[1].y");
  });

  it("rejects a map element without its key and a non-object message", () => {
    const e = encodeError(maps.codec("maps"), { by_id: [{ id: 1 }, { name: "no key" }] });
    expect(e.fieldPath).toBe("maps.by_id[1]");
    expect(e.detail).toMatch(/key field 'id'/);
    expect(encodeError(maps.codec("maps"), 42).message).toMatch(/expected a maps object/);
  });

  it("--int64 number: range-checked numbers", () => {
    const ledger = gameNum.codec("ledger");
    const value = { entries: [{ id: -(2 ** 53 - 1), amount: 2 ** 53 - 1 }], total: 2 ** 53 - 1 };
    expect(ledger.decode(ledger.encode(value))).toEqual(value);
    expect(encodeError(ledger, { total: 2 ** 53 }).fieldPath).toBe("ledger.total");
    expect(encodeError(ledger, { total: -1 }).fieldPath).toBe("ledger.total");
    expect(encodeError(ledger, { total: 1n }).fieldPath).toBe("ledger.total");
    expect(encodeError(ledger, { entries: [{ id: 0.5 }] }).fieldPath).toBe("ledger.entries[0].id");
    // A uint64 above 2^53 decodes to a DecodeError, not a rounded number.
    const big = Uint8Array.from([0x0c, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x20, 0]);
    const d = decodeError(ledger, big);
    expect(d.fieldPath).toBe("ledger.total");
    expect(d.offset).toBe(8);
  });
});

describe("decode failures", () => {
  it("reports path and offset of a truncated nested field", () => {
    const team = nested.codec("team");
    const bytes = team.encode({ members: [{ name: "a" }, { pos: { x: 1, y: 2 } }] });
    // Cut the last 2 bytes and shrink the outer len to match: members[1]'s own len now points past the end.
    const cut = bytes.slice(0, bytes.length - 2);
    new DataView(cut.buffer).setUint32(0, cut.length - 4, true);
    const e = decodeError(team, cut);
    expect(e.fieldPath).toBe("team.members[1]");
    expect(e.detail).toMatch(/extends past the end/);
    expect(e.offset).toBeGreaterThan(8);
    expect(e.offset).toBeLessThan(cut.length);
    // Cutting without fixing the outer len fails at the message itself.
    expect(decodeError(team, bytes.subarray(0, bytes.length - 2)).fieldPath).toBe("team");
  });

  it("rejects absurd counts before allocating", () => {
    // arrays? use nested team.members with count 0x7fffffff and nothing after it
    const bytes = Uint8Array.from([0x0c, 0, 0, 0, 1, 0, 1, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0]);
    const e = decodeError(nested.codec("team"), bytes);
    expect(e.fieldPath).toBe("team.members");
    expect(e.offset).toBe(8);
    expect(e.detail).toMatch(/count 2147483647/);
  });

  it("rejects non-Uint8Array input", () => {
    expect(() => scalars.codec("scalars").decode("abc" as unknown as Uint8Array)).toThrow(DecodeError);
  });

  it("rejects nesting deeper than 64 levels", async () => {
    const loc = { file: "deep.zp", line: 1, column: 1, offset: 0, length: 1 };
    const structs: StructModel[] = [{ name: "s0", qualifiedName: "s0", protocolTag: 0, fields: [], nested: [], loc }];
    for (let i = 1; i <= 65; i++) {
      structs.push({
        name: `s${i}`,
        qualifiedName: `s${i}`,
        protocolTag: 0,
        nested: [],
        loc,
        fields: [{ name: "c", tag: 1, type: { kind: "struct", struct: `s${i - 1}` }, shape: "single", loc }],
      });
    }
    const model: SchemaModel = { file: "deep.zp", structs, services: [] };
    const deep = await loadModel(model);
    const build = (depth: number): unknown => (depth === 0 ? {} : { c: build(depth - 1) });
    const s63 = deep.codec("s63"); // 64 levels: fine
    expect(s63.decode(s63.encode(build(63)))).toEqual(build(63));
    const s64 = deep.codec("s64"); // 65 levels: rejected on decode
    const bytes = s64.encode(build(64));
    const e = decodeError(s64, bytes);
    expect(e.detail).toMatch(/deeper than 64/);
    expect(e.fieldPath).toBe(`s64${".c".repeat(64)}`);
  });

  it("a map element missing its key is a DecodeError naming the element", () => {
    const hex = "1a00000001000000010000000e00000001000100060000006e6f206b6579";
    const bytes = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
    const e = decodeError(maps.codec("maps"), bytes);
    expect(e.fieldPath).toBe("maps.by_id[0]");
  });

  it("a repeated map key keeps the last element", () => {
    const c = maps.codec("maps");
    const out = c.decode(c.encode({ by_id: [{ id: 1, name: "a" }, { id: 2 }, { id: 1, name: "b" }] }));
    expect(out).toEqual({ by_id: [{ id: 2 }, { id: 1, name: "b" }] });
  });
});

describe("create()", () => {
  it("fills zproto defaults, recursively for nested structs", () => {
    expect(nested.codec("player").create()).toEqual({
      name: "",
      pos: { x: 0, y: 0, z: 0 },
      stats: { hp: 0, mp: 0, buffs: [], best: { id: 0, ticks: 0 } },
      path: [],
      by_hp: [],
      alive: false,
    });
    const s = scalars.codec("scalars").create() as Record<string, unknown>;
    expect(s["i64"]).toBe(0n);
    expect(s["bl"]).toEqual(new Uint8Array(0));
    expect(toHex(scalars.codec("scalars").encode(s)).length).toBeGreaterThan(12);
  });
});
