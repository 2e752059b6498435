/**
 * Property tests on GENERATED codecs: random schemas × random values round-trip through
 * encode/decode and encodePacked/decodePacked; mutated or truncated encodings and random
 * packed input give a value or a DecodeError, nothing else.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { DecodeError, pack, unpack } from "../../runtime/index.ts";
import { loadModel, type LoadedSchema } from "./helpers/generated.ts";
import { randomSchema, valueArb } from "./helpers/random-schema.ts";

const SEEDS = fc.sample(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { numRuns: 6, seed: 20261124 });
const loaded: LoadedSchema[] = [];

beforeAll(async () => {
  for (const seed of SEEDS) loaded.push(await loadModel(randomSchema(seed)));
}, 120_000);

function decodeOrDecodeError(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
  }
}

describe("random schemas", () => {
  it("generate the expected number of modules", () => expect(loaded.length).toBe(SEEDS.length));

  it("round-trip random values (plain and packed)", () => {
    for (const s of loaded) {
      const codec = s.codec("top");
      fc.assert(
        fc.property(valueArb(s.model, "top"), (v) => {
          const bytes = codec.encode(v);
          expect(codec.decode(bytes)).toEqual(v);
          expect(codec.decodePacked(codec.encodePacked(v))).toEqual(v);
          const padded = new Uint8Array(Math.ceil(bytes.length / 8) * 8);
          padded.set(bytes);
          expect(unpack(pack(bytes))).toEqual(padded);
        }),
        { numRuns: 60, seed: 7 },
      );
    }
  });

  it("mutated and truncated encodings decode or throw DecodeError", () => {
    for (const s of loaded) {
      const codec = s.codec("top");
      fc.assert(
        fc.property(
          valueArb(s.model, "top"),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
          fc.nat(),
          (v, flips, cut) => {
            const bytes = codec.encode(v).slice();
            for (const [at, b] of flips) if (bytes.length > 0) bytes[at % bytes.length] = b;
            decodeOrDecodeError(() => codec.decode(bytes));
            decodeOrDecodeError(() => codec.decode(bytes.subarray(0, cut % (bytes.length + 1))));
            decodeOrDecodeError(() => codec.decodePacked(bytes));
          },
        ),
        { numRuns: 80, seed: 11 },
      );
    }
  });
});

describe("pack/unpack", () => {
  it("round-trips any bytes (zero-padded to 8)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (raw, sparse) => {
        const bytes = sparse ? raw.map((b) => (b < 180 ? 0 : b)) : raw;
        const padded = new Uint8Array(Math.ceil(bytes.length / 8) * 8);
        padded.set(bytes);
        expect(unpack(pack(bytes))).toEqual(padded);
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it("random packed input unpacks or throws DecodeError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (packed) => {
        try {
          const out = unpack(packed);
          expect(out.length % 8).toBe(0);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 500, seed: 5 },
    );
  });
});
