/**
 * The closed sets of codec error codes (`runtime/zproto/errors.ts`): every code but `internal`
 * comes from the failure it names; every error thrown on bad input carries a code of its set;
 * and decoders and `unpack`, fed random bytes or truncated and mutated valid encodings, throw
 * only DecodeError and never with `internal`. Runs on GENERATED codecs.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { SchemaModel, StructModel } from "../../compiler/model/schema-model.ts";
import { fromHex, fromJsonValue, unpack, type MessageCodec } from "../../runtime/index.ts";
import {
  DECODE_ERROR_CODES,
  DecodeError,
  ENCODE_ERROR_CODES,
  EncodeError,
  type DecodeErrorCode,
  type EncodeErrorCode,
} from "../../runtime/zproto/errors.ts";
import { grow, type Writer } from "../../runtime/zproto/writer.ts";
import { loadModel, loadSchema, type LoadedSchema } from "./helpers/generated.ts";
import { FIXTURES_DIR } from "./helpers/paths.ts";
import { randomSchema, valueArb } from "./helpers/random-schema.ts";
import { readJsonl, schemaFile } from "./helpers/vectors.ts";

/** A top-level codec with the model its values come from. */
interface Target {
  readonly label: string;
  readonly model: SchemaModel;
  readonly name: string;
  readonly codec: MessageCodec<unknown>;
}

const loaded = new Map<string, LoadedSchema>();
const targets: Target[] = [];
let deep: LoadedSchema;

function schema(name: string): LoadedSchema {
  const s = loaded.get(name);
  if (s === undefined) throw new Error(`schema ${name} not loaded`);
  return s;
}

/** A chain s0 ← s1 ← … ← s65: a value of s64 nests 65 levels. */
function chainModel(): SchemaModel {
  const loc = { file: "chain.zp", line: 1, column: 1, offset: 0, length: 1 };
  const structs: StructModel[] = [{ name: "s0", qualifiedName: "s0", protocolTag: 0, fields: [], nested: [], loc }];
  for (let i = 1; i <= 65; i++) {
    const fields = [{ name: "c", tag: 1, type: { kind: "struct", struct: `s${i - 1}` }, shape: "single", loc }] as const;
    structs.push({ name: `s${i}`, qualifiedName: `s${i}`, protocolTag: 0, nested: [], loc, fields: [...fields] });
  }
  return { file: "chain.zp", structs, services: [] };
}

beforeAll(async () => {
  for (const name of ["scalars.zp", "arrays.zp", "nested.zp", "maps.zp", "sparse.zp"]) loaded.set(name, await loadSchema(schemaFile(name)));
  loaded.set("game", await loadSchema(`${FIXTURES_DIR}game.zp`));
  const seeds = fc.sample(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { numRuns: 3, seed: 20261213 });
  for (const seed of seeds) loaded.set(`random-${seed}`, await loadModel(randomSchema(seed)));
  for (const [label, s] of loaded) {
    // Every top-level struct has a codec (nested ones are reached through their parents).
    for (const struct of s.model.structs.filter((x) => !x.qualifiedName.includes("."))) {
      targets.push({ label, model: s.model, name: struct.qualifiedName, codec: s.codec(struct.qualifiedName) });
    }
  }
  // Loaded after the targets are listed: the value arbitraries make bigints for 64-bit integers.
  loaded.set("game-number", await loadSchema(`${FIXTURES_DIR}game.zp`, { int64: "number" }));
  deep = await loadModel(chainModel());
}, 120_000);

/** The error `fn` throws (fails the test when it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

function encodeCode(fn: () => unknown): EncodeErrorCode {
  const e = thrown(fn);
  if (!(e instanceof EncodeError)) throw new Error(`expected an EncodeError, got ${String(e)}`);
  return e.code;
}

function decodeCode(fn: () => unknown): DecodeErrorCode {
  const e = thrown(fn);
  if (!(e instanceof DecodeError)) throw new Error(`expected a DecodeError, got ${String(e)}`);
  return e.code;
}

/** Runs a decode of bad input: it returns a value, or throws a DecodeError whose code is in the set and not `internal`. */
function decodesOrFailsCleanly(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof DecodeError)) throw new Error(`threw something other than a DecodeError: ${String(e)}`);
    expect(DECODE_ERROR_CODES).toContain(e.code);
    expect(e.code, e.message).not.toBe("internal");
  }
}

describe("the code sets", () => {
  it("are closed, distinct kebab-case lists", () => {
    for (const codes of [ENCODE_ERROR_CODES, DECODE_ERROR_CODES]) {
      expect(Object.isFrozen(codes)).toBe(true);
      expect(new Set(codes).size).toBe(codes.length);
      for (const code of codes) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });
});

describe("every encode code comes from the failure it names", () => {
  const cases: [EncodeErrorCode, string, () => unknown][] = [
    ["invalid-value", "a string for int32", () => schema("scalars.zp").codec("scalars").encode({ i32: "1" })],
    ["invalid-value", "a non-integer for int32", () => schema("scalars.zp").codec("scalars").encode({ i32: 1.5 })],
    ["invalid-value", "NaN for int32", () => schema("scalars.zp").codec("scalars").encode({ i32: NaN })],
    ["invalid-value", "a number for int64 (bigint)", () => schema("scalars.zp").codec("scalars").encode({ i64: 1 })],
    ["invalid-value", "a bigint for int64 (--int64 number)", () => schema("game-number").codec("ledger").encode({ total: 1n })],
    ["invalid-value", "a number for a boolean", () => schema("scalars.zp").codec("scalars").encode({ b: 1 })],
    ["invalid-value", "a string for a blob", () => schema("scalars.zp").codec("scalars").encode({ bl: "xx" })],
    ["invalid-value", "a non-array for an array", () => schema("arrays.zp").codec("arrays").encode({ i32s: 5 })],
    [
      "invalid-value",
      "a string element of an int32 array",
      () =>
        schema("arrays.zp")
          .codec("arrays")
          .encode({ i32s: [1, "2"] }),
    ],
    ["invalid-value", "a non-object message", () => schema("maps.zp").codec("maps").encode(42)],
    [
      "invalid-value",
      "a null struct element",
      () =>
        schema("nested.zp")
          .codec("team")
          .encode({ members: [null] }),
    ],
    ["invalid-value", "JSON: a float that is not a number", () => fromJsonValue(schema("scalars.zp").model, "scalars", { f: "x" })],
    ["out-of-range", "int8 128", () => schema("scalars.zp").codec("scalars").encode({ i8: 128 })],
    ["out-of-range", "uint32 -1", () => schema("scalars.zp").codec("scalars").encode({ u32: -1 })],
    [
      "out-of-range",
      "uint64 2^64",
      () =>
        schema("scalars.zp")
          .codec("scalars")
          .encode({ u64: 2n ** 64n }),
    ],
    [
      "out-of-range",
      "uint64 2^53 (--int64 number)",
      () =>
        schema("game-number")
          .codec("ledger")
          .encode({ total: 2 ** 53 }),
    ],
    [
      "out-of-range",
      "an int16 array element 32768",
      () =>
        schema("arrays.zp")
          .codec("arrays")
          .encode({ i16s: [1, 32768] }),
    ],
    [
      "out-of-range",
      "a nested field",
      () =>
        schema("nested.zp")
          .codec("team")
          .encode({ members: [{}, { stats: { buffs: [{ id: 70000 }] } }] }),
    ],
    [
      "missing-key",
      "a map element without its key",
      () =>
        schema("maps.zp")
          .codec("maps")
          .encode({ by_id: [{ id: 1 }, { name: "x" }] }),
    ],
    [
      "too-large",
      "an encoding past 2^31 − 1 bytes",
      () => grow({ buf: new Uint8Array(8), pos: 0x7ffffff0, start: 0, tp: 0, tag: 0 } satisfies Writer, 64),
    ],
    ["unknown-field", "JSON: a field the struct lacks", () => fromJsonValue(schema("scalars.zp").model, "scalars", { nope: 1 })],
    ["unknown-struct", "JSON: a struct the schema lacks", () => fromJsonValue(schema("scalars.zp").model, "nope", {})],
  ];

  it.each(cases)("%s: %s", (code, _what, fn) => {
    expect(encodeCode(fn)).toBe(code);
  });

  it("covers every code of the set", () => {
    expect([...new Set(cases.map(([code]) => code))].sort()).toEqual([...ENCODE_ERROR_CODES].sort());
  });
});

describe("every decode code but internal comes from the failure it names", () => {
  const hex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
  const nest = (depth: number): unknown => (depth === 0 ? {} : { c: nest(depth - 1) });
  const cases: [DecodeErrorCode, string, () => unknown][] = [
    ["truncated", "empty input", () => schema("scalars.zp").codec("scalars").decode(new Uint8Array(0))],
    [
      "truncated",
      "a string length past the end",
      () => schema("scalars.zp").codec("scalars").decode(hex("0b00000001000a00ff000000616263")),
    ],
    ["truncated", "an array count past the end", () => schema("nested.zp").codec("team").decode(hex("0c00000001000100ffffff7f00000000"))],
    ["invalid-length", "a struct length of 1", () => schema("scalars.zp").codec("scalars").decode(hex("010000000000"))],
    ["depth-exceeded", "65 nested structs", () => deep.codec("s64").decode(deep.codec("s64").encode(nest(64)))],
    [
      "out-of-range",
      "uint64 above 2^53 (--int64 number)",
      () => schema("game-number").codec("ledger").decode(hex("0c000000010001000000000000002000")),
    ],
    [
      "missing-key",
      "a map element without its key",
      () => schema("maps.zp").codec("maps").decode(hex("1a00000001000000010000000e00000001000100060000006e6f206b6579")),
    ],
    ["invalid-pack", "unpack: a 0xff segment cut short", () => unpack(hex("ff42"))],
    ["invalid-pack", "decodePacked: a segment cut short", () => schema("scalars.zp").codec("scalars").decodePacked(hex("0301"))],
    ["invalid-hex", "fromHex: not a hex digit", () => fromHex("0g")],
    ["invalid-hex", "fromHex: an odd number of digits", () => fromHex("abc")],
    [
      "invalid-input",
      "a string as input",
      () =>
        schema("scalars.zp")
          .codec("scalars")
          .decode("abc" as unknown as Uint8Array),
    ],
  ];

  it.each(cases)("%s: %s", (code, _what, fn) => {
    expect(decodeCode(fn)).toBe(code);
  });

  it("covers every code of the set except internal (a bug, never the input's fault)", () => {
    const covered = [...new Set(cases.map(([code]) => code)), "internal"].sort();
    expect(covered).toEqual([...DECODE_ERROR_CODES].sort());
  });

  it("gives every bad-bytes.jsonl vector a code of the set, invalid-pack for packed ones", () => {
    const vectors = readJsonl<{ schema?: string; message?: string; encoded?: string; packed?: string; stage: string }>("bad-bytes.jsonl");
    expect(vectors.length).toBe(24);
    for (const v of vectors) {
      if (v.stage === "unpack") {
        expect(decodeCode(() => unpack(fromHex(v.packed ?? "")))).toBe("invalid-pack");
        continue;
      }
      const code = decodeCode(() =>
        schema(v.schema ?? "")
          .codec(v.message ?? "")
          .decode(fromHex(v.encoded ?? "")),
      );
      expect(["truncated", "invalid-length", "missing-key"]).toContain(code);
    }
  });
});

describe("bad bytes never throw anything but a DecodeError, nor one coded internal", () => {
  it("covers the conformance, fixture and random schemas", () => {
    expect(targets.length).toBeGreaterThanOrEqual(10);
  });

  it("random bytes through decode, decodePacked and decodePackedRange", () => {
    for (const t of targets) {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 96 }), fc.nat(), fc.nat(), (bytes, a, b) => {
          decodesOrFailsCleanly(() => t.codec.decode(bytes));
          decodesOrFailsCleanly(() => t.codec.decodePacked(bytes));
          const start = a % (bytes.length + 1);
          const end = start + (b % (bytes.length - start + 1));
          decodesOrFailsCleanly(() => t.codec.decodePackedRange(bytes, start, end));
        }),
        { numRuns: 150, seed: 101 },
      );
    }
  });

  it("truncations and mutations of valid encodings, plain and packed", () => {
    const mutation = fc.record({
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      cut: fc.nat(),
      insertAt: fc.nat(),
      insert: fc.uint8Array({ maxLength: 6 }),
    });
    for (const t of targets) {
      fc.assert(
        fc.property(valueArb(t.model, t.name), mutation, (value, m) => {
          const valid = t.codec.encode(value);
          const packed = t.codec.encodePacked(value);
          for (const source of [valid, packed]) {
            const bytes = source.slice();
            for (const [at, byte] of m.flips) if (bytes.length > 0) bytes[at % bytes.length] = byte;
            const at = m.insertAt % (source.length + 1);
            const grown = Uint8Array.from([...source.subarray(0, at), ...m.insert, ...source.subarray(at)]);
            for (const input of [bytes, source.subarray(0, m.cut % (source.length + 1)), grown]) {
              decodesOrFailsCleanly(() => t.codec.decode(input));
              decodesOrFailsCleanly(() => t.codec.decodePacked(input));
            }
          }
        }),
        { numRuns: 60, seed: 202 },
      );
    }
  });

  it("random packed input through unpack", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (packed) => {
        decodesOrFailsCleanly(() => unpack(packed));
      }),
      { numRuns: 1000, seed: 303 },
    );
  });

  it("random text through fromHex", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^[0-9a-fA-F \n]{0,21}$/)), (text) => {
        decodesOrFailsCleanly(() => fromHex(text));
      }),
      { numRuns: 500, seed: 404 },
    );
  });
});

describe("bad values never throw anything but an EncodeError", () => {
  it("random values of any type in every field of every codec", () => {
    for (const t of targets) {
      const struct = t.model.structs.find((s) => s.qualifiedName === t.name);
      const fields = struct?.fields.map((f) => f.name) ?? [];
      const junk = fc.anything({ withBigInt: true, withTypedArray: true, withNullPrototype: true, maxDepth: 2 });
      const arb = fc.oneof(junk, fc.dictionary(fc.constantFrom("x", ...fields), junk, { maxKeys: 4 }));
      fc.assert(
        fc.property(arb, (value) => {
          try {
            t.codec.encode(value);
            t.codec.encodePacked(value);
          } catch (e) {
            if (!(e instanceof EncodeError)) throw new Error(`threw something other than an EncodeError: ${String(e)}`);
            expect(ENCODE_ERROR_CODES).toContain(e.code);
          }
        }),
        { numRuns: 100, seed: 505 },
      );
    }
  });
});
