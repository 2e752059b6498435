/**
 * Fuzz targets for the generated zproto decoders: valid encodings built from the schema model,
 * mutated (bit flips, truncation, u32 length/count fields set to edge values, inserted bytes) or
 * replaced by random bytes, decoded plain and packed.
 *
 * Properties: decode gives a value or a DecodeError, never anything else (and never one with code
 * `internal`, the codec's wrapping of an unexpected exception); an unmutated valid encoding decodes;
 * a decoded value re-encodes, and decoding that gives the same value.
 */
import fc from "fast-check";
import { isDecodeError, pack, type MessageCodec } from "../../runtime/index.ts";
import { createFuzzTarget, type FuzzTarget } from "./target.ts";
import type { CodecEntry } from "./load-codecs.ts";
import { createStructEncodingArbitrary } from "./wire-arbitrary.ts";

type ByteEdit =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "truncate"; at: number }
  | { kind: "u32"; at: number; value: number }
  | { kind: "insert"; at: number; bytes: Uint8Array };

const EDGE_U32 = [0, 1, 2, 3, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("u32" as const), at: fc.nat(), value: fc.constantFrom(...EDGE_U32) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);

function applyEdits(bytes: Buffer, edits: readonly ByteEdit[]): Buffer {
  let out = Buffer.from(bytes);
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    if (e.kind === "truncate") out = out.subarray(0, at);
    else if (e.kind === "insert") out = Buffer.concat([out.subarray(0, at), e.bytes, out.subarray(at)]);
    else if (at >= out.length) continue;
    else if (e.kind === "flip") out[at] = (out[at] as number) ^ (1 << e.bit);
    else if (at + 4 <= out.length) out.writeUInt32LE(e.value, at);
  }
  return out;
}

/** Decodes and checks the outcome; returns the value when decoding succeeded. */
function decodeChecked(codec: MessageCodec<unknown>, bytes: Uint8Array, packed: boolean): { value: unknown } | null {
  try {
    return { value: packed ? codec.decodePacked(bytes) : codec.decode(bytes) };
  } catch (error) {
    if (!isDecodeError(error)) throw new Error(`${codec.name}: decode threw a non-DecodeError: ${String(error)}`);
    if (error.code === "internal") throw new Error(`${codec.name}: internal failure: ${error.message}`);
    return null;
  }
}

/** A canonical form of a decoded value: byte arrays as hex whatever their class, -0 and NaN kept apart. */
function normalize(v: unknown): unknown {
  if (v instanceof Uint8Array) return `hex:${Buffer.from(v.buffer, v.byteOffset, v.length).toString("hex")}`;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number" && (Object.is(v, -0) || !Number.isFinite(v))) return `num:${Object.is(v, -0) ? "-0" : String(v)}`;
  if (v instanceof Map) return { map: [...v.entries()].map(([k, x]) => [normalize(k), normalize(x)]) };
  if (Array.isArray(v)) return v.map(normalize);
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
  return v;
}

function canonical(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function checkRoundTrip(codec: MessageCodec<unknown>, value: unknown): void {
  const again = codec.encode(value);
  const back = codec.decode(again);
  const a = canonical(value);
  const b = canonical(back);
  if (a !== b) throw new Error(`${codec.name}: decode(encode(decoded)) differs from decoded: ${a} vs ${b}`);
}

interface CodecCase {
  readonly label: string;
  readonly index: number;
  readonly valid: Buffer;
  readonly edits: readonly ByteEdit[];
  readonly random: Uint8Array;
  readonly mode: "valid" | "mutated" | "random";
}

function codecCase(entries: readonly CodecEntry[]): fc.Arbitrary<CodecCase> {
  const arbs = new Map(entries.map((e) => [e, createStructEncodingArbitrary(e.model, e.struct.qualifiedName)]));
  return fc.integer({ min: 0, max: entries.length - 1 }).chain((index) => {
    const entry = entries[index] as CodecEntry;
    return fc.record({
      label: fc.constant(entry.label),
      index: fc.constant(index),
      valid: arbs.get(entry) as fc.Arbitrary<Buffer>,
      edits: fc.array(byteEdit, { minLength: 1, maxLength: 4 }),
      random: fc.uint8Array({ maxLength: 200 }),
      mode: fc.constantFrom("valid", "mutated", "mutated", "random"),
    });
  });
}

/** Plain decode of valid, mutated and random encodings. */
export function createCodecDecodeTarget(entries: readonly CodecEntry[]): FuzzTarget {
  return createFuzzTarget(
    "zproto-decode",
    fc.property(codecCase(entries), (c) => {
      const codec = (entries[c.index] as CodecEntry).codec;
      const bytes = c.mode === "valid" ? c.valid : c.mode === "mutated" ? applyEdits(c.valid, c.edits) : Buffer.from(c.random);
      const result = decodeChecked(codec, bytes, false);
      if (c.mode === "valid" && result === null) throw new Error(`${c.label}: a valid encoding did not decode: ${c.valid.toString("hex")}`);
      if (result !== null) checkRoundTrip(codec, result.value);
    }),
  );
}

/** decodePacked of packed valid/mutated encodings, mutated packed bytes and random bytes. */
export function createCodecPackedTarget(entries: readonly CodecEntry[]): FuzzTarget {
  return createFuzzTarget(
    "zproto-decode-packed",
    fc.property(codecCase(entries), fc.array(byteEdit, { maxLength: 3 }), (c, packEdits) => {
      const codec = (entries[c.index] as CodecEntry).codec;
      let bytes: Buffer;
      if (c.mode === "random") bytes = Buffer.from(c.random);
      else {
        const plain = c.mode === "valid" ? c.valid : applyEdits(c.valid, c.edits);
        bytes = applyEdits(Buffer.from(pack(plain)), packEdits);
      }
      const result = decodeChecked(codec, bytes, true);
      if (c.mode === "valid" && packEdits.length === 0 && result === null) {
        throw new Error(`${c.label}: a packed valid encoding did not decode`);
      }
      if (result !== null) checkRoundTrip(codec, result.value);
    }),
  );
}
