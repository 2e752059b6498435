/**
 * The zproto conformance vectors (conformance/vectors/), run against GENERATED codecs (codec, compat,
 * lenient, bad-bytes) and the runtime pack/unpack (pack.txt, unpack.txt). The packed vectors
 * run twice: with the SIMD pack kernel and with the portable code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setWasmPackEnabled } from "../../runtime/zproto/wasm-pack.ts";
import { DecodeError, fromHex, fromJsonValue, pack, toHex, toJsonValue, unpack } from "../../runtime/index.ts";
import { loadSchema, type LoadedSchema } from "./helpers/generated.ts";
import { readJsonl, readPairs, schemaFile } from "./helpers/vectors.ts";

interface CodecVector {
  schema: string;
  message: string;
  value: unknown;
  encoded: string;
  packed: string;
  decoded: unknown;
  note?: string;
}
interface CompatVector {
  schema_a: string;
  message_a: string;
  schema_b: string;
  message_b: string;
  value: unknown;
  encoded: string;
  decoded: unknown;
  note: string;
}
interface LenientVector {
  schema?: string;
  message?: string;
  value?: unknown;
  encoded?: string;
  decoded?: unknown;
  packed?: string;
  unpacked?: string;
  note: string;
}
interface BadBytesVector {
  schema?: string;
  message?: string;
  encoded?: string;
  packed?: string;
  stage: "decode" | "unpack";
  note: string;
}

const codecVectors = readJsonl<CodecVector>("codec.jsonl");
const compatVectors = readJsonl<CompatVector>("compat.jsonl");
const lenientVectors = readJsonl<LenientVector>("lenient.jsonl");
const badVectors = readJsonl<BadBytesVector>("bad-bytes.jsonl");

const schemas = new Map<string, LoadedSchema>();
function schema(name: string): LoadedSchema {
  const s = schemas.get(name);
  if (s === undefined) throw new Error(`schema ${name} not loaded`);
  return s;
}

beforeAll(async () => {
  const names = new Set<string>();
  for (const v of codecVectors) names.add(v.schema);
  for (const v of compatVectors) names.add(v.schema_a).add(v.schema_b);
  for (const v of [...lenientVectors, ...badVectors]) if (v.schema !== undefined) names.add(v.schema);
  for (const n of names) schemas.set(n, await loadSchema(schemaFile(n)));
}, 60_000);

function encodeJson(schemaName: string, message: string, value: unknown): Uint8Array {
  const s = schema(schemaName);
  return s.codec(message).encode(fromJsonValue(s.model, message, value));
}

function decodeJson(schemaName: string, message: string, hex: string): unknown {
  const s = schema(schemaName);
  return toJsonValue(s.model, message, s.codec(message).decode(fromHex(hex)));
}

describe("codec.jsonl", () => {
  it("has 55 vectors", () => expect(codecVectors.length).toBe(55));
  it.each(codecVectors.map((v, i) => [i, v.note ?? v.message, v] as const))("#%i %s", (_i, _n, v) => {
    const s = schema(v.schema);
    const codec = s.codec(v.message);
    const value = fromJsonValue(s.model, v.message, v.value);
    const encoded = codec.encode(value);
    expect(toHex(encoded)).toBe(v.encoded);
    expect(toHex(pack(encoded))).toBe(v.packed);
    expect(toHex(codec.encodePacked(value))).toBe(v.packed);
    expect(decodeJson(v.schema, v.message, v.encoded)).toEqual(v.decoded);
    expect(toJsonValue(s.model, v.message, codec.decodePacked(fromHex(v.packed)))).toEqual(v.decoded);
    // A view into a larger buffer (byteOffset != 0) decodes the same.
    const big = new Uint8Array(encoded.length + 7);
    big.set(encoded, 3);
    expect(toJsonValue(s.model, v.message, codec.decode(big.subarray(3, 3 + encoded.length)))).toEqual(v.decoded);
  });
});

describe("compat.jsonl", () => {
  it.each(compatVectors.map((v) => [v.note, v] as const))("%s", (_n, v) => {
    expect(toHex(encodeJson(v.schema_a, v.message_a, v.value))).toBe(v.encoded);
    if (v.decoded === null) expect(() => decodeJson(v.schema_b, v.message_b, v.encoded)).toThrow(DecodeError);
    else expect(decodeJson(v.schema_b, v.message_b, v.encoded)).toEqual(v.decoded);
  });
});

describe("lenient.jsonl", () => {
  // Decision per line: out-of-range integers are REJECTED on encode (never truncated);
  // every other lenient line is ACCEPTED with zproto's result.
  it.each(lenientVectors.map((v) => [v.note, v] as const))("%s", (_n, v) => {
    if (v.packed !== undefined) {
      expect(toHex(unpack(fromHex(v.packed)))).toBe(v.unpacked);
      return;
    }
    const schemaName = v.schema ?? "";
    const message = v.message ?? "";
    if (v.value !== undefined) {
      if (v.note.startsWith("out-of-range")) {
        expect(() => encodeJson(schemaName, message, v.value)).toThrow(/cannot encode scalars\.i8/);
        return;
      }
      expect(toHex(encodeJson(schemaName, message, v.value))).toBe(v.encoded);
    }
    expect(decodeJson(schemaName, message, v.encoded ?? "")).toEqual(v.decoded);
  });
});

describe("bad-bytes.jsonl", () => {
  it("has 24 lines", () => expect(badVectors.length).toBe(24));
  it.each(badVectors.map((v) => [v.note, v] as const))("%s", (_n, v) => {
    if (v.stage === "unpack") {
      expect(() => unpack(fromHex(v.packed ?? ""))).toThrow(DecodeError);
      return;
    }
    const codec = schema(v.schema ?? "").codec(v.message ?? "");
    const bytes = fromHex(v.encoded ?? "");
    expect(() => codec.decode(bytes)).toThrow(DecodeError);
    // (Not re-checked through pack: unpack zero-pads, which can complete a truncated input.)
  });
});

describe("pack.txt", () => {
  const pairs = readPairs("pack.txt");
  it("has 33 vectors", () => expect(pairs.length).toBe(33));
  it.each(pairs.map((p) => [p.name, p] as const))("%s", (_n, p) => {
    expect(toHex(pack(fromHex(p.a)))).toBe(p.b);
    const padded = p.a + "00".repeat((8 - ((p.a.length / 2) % 8)) % 8);
    expect(toHex(unpack(fromHex(p.b)))).toBe(padded);
  });
});

describe("unpack.txt", () => {
  const pairs = readPairs("unpack.txt");
  it("has 39 vectors", () => expect(pairs.length).toBe(39));
  it.each(pairs.map((p) => [p.name, p] as const))("%s", (_n, p) => {
    expect(toHex(unpack(fromHex(p.a)))).toBe(p.b);
  });
  it("empty input packs and unpacks to empty output", () => {
    expect(pack(new Uint8Array(0)).length).toBe(0);
    expect(unpack(new Uint8Array(0)).length).toBe(0);
  });
});

describe("packed vectors with the portable code (no SIMD kernel)", () => {
  beforeAll(() => setWasmPackEnabled(false));
  afterAll(() => setWasmPackEnabled(true));
  it("pack.txt and unpack.txt", () => {
    for (const p of readPairs("pack.txt")) {
      expect(toHex(pack(fromHex(p.a))), p.name).toBe(p.b);
      expect(toHex(unpack(fromHex(p.b))), p.name).toBe(p.a + "00".repeat((8 - ((p.a.length / 2) % 8)) % 8));
    }
    for (const p of readPairs("unpack.txt")) expect(toHex(unpack(fromHex(p.a))), p.name).toBe(p.b);
  });
  it("codec.jsonl packed, lenient.jsonl unpack, bad-bytes.jsonl unpack", () => {
    for (const v of codecVectors) {
      const s = schema(v.schema);
      const codec = s.codec(v.message);
      expect(toHex(codec.encodePacked(fromJsonValue(s.model, v.message, v.value))), v.note ?? v.message).toBe(v.packed);
      expect(toJsonValue(s.model, v.message, codec.decodePacked(fromHex(v.packed)))).toEqual(v.decoded);
    }
    for (const v of lenientVectors) if (v.packed !== undefined) expect(toHex(unpack(fromHex(v.packed))), v.note).toBe(v.unpacked);
    for (const v of badVectors) if (v.stage === "unpack") expect(() => unpack(fromHex(v.packed ?? "")), v.note).toThrow(DecodeError);
  });
});
