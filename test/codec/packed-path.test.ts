/**
 * The direct packed paths: packing into a caller's buffer, unpacking a range of a larger
 * buffer, and the MessageCodec entries built on them (`encodePackedTo`, `decodePackedRange`)
 * give exactly what the copying paths (`pack`, `unpack`, `encodePacked`, `decodePacked`) give.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecodeError, EncodeError, createMessageCodec, pack, unpack, type MessageCodec } from "../../runtime/index.ts";
import { packBound, packInto, unpackShared, unpackSharedRange } from "../../runtime/zproto/pack.ts";
import type { PackedBodySink } from "../../runtime/zproto/codec.ts";
import { blobCodec, type Blob } from "../runtime/fixtures/blob-codec.ts";

/** Byte arrays with long zero and non-zero runs (what packing cares about). */
const packable = fc
  .array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 255 }), fc.integer({ min: 0, max: 255 })), { maxLength: 300 })
  .map((xs) => Uint8Array.from(xs));

/** Bytes of `inner` with `before` / `after` garbage bytes around it. */
function embed(inner: Uint8Array, before: number, after: number): Uint8Array {
  const out = new Uint8Array(before + inner.length + after).fill(0xa5);
  out.set(inner, before);
  return out;
}

/** What a call throws (or "ok" with the value). */
function outcome<T>(f: () => T): { ok: T } | { error: string; offset: number | undefined } {
  try {
    return { ok: f() };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { error: e.message, offset: e.offset };
  }
}

/** A sink over a fixed buffer that records what it was asked for. */
function createSink(size: number, bodyAt: number): PackedBodySink & { bounds: number[]; buffer: Uint8Array } {
  const buffer = new Uint8Array(size).fill(0x5a);
  const bounds: number[] = [];
  return {
    buffer,
    bounds,
    get bodyBuffer() {
      return buffer;
    },
    reserveBody(bound: number): number {
      bounds.push(bound);
      if (bodyAt + bound > buffer.length) throw new RangeError(`no room for ${bound} bytes`);
      return bodyAt;
    },
  };
}

describe("packInto / unpackSharedRange", () => {
  it("packInto at any offset writes pack()'s bytes within packBound and nothing else", () => {
    fc.assert(
      fc.property(packable, fc.nat({ max: 40 }), fc.nat({ max: 40 }), (src, lead, at) => {
        const input = embed(src, lead, 3);
        const out = new Uint8Array(at + packBound(src.length) + 4).fill(0x5a);
        const end = packInto(input, lead, lead + src.length, out, at);
        const want = pack(src);
        expect(end - at).toBe(want.length);
        expect(end - at).toBeLessThanOrEqual(packBound(src.length));
        expect([...out.subarray(at, end)]).toEqual([...want]);
        expect(out.subarray(0, at).every((b) => b === 0x5a)).toBe(true);
        expect(out.subarray(end).every((b) => b === 0x5a)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("unpackSharedRange of a packed range embedded in other bytes equals unpack() of it alone", () => {
    fc.assert(
      fc.property(packable, fc.nat({ max: 20 }), fc.nat({ max: 20 }), (src, before, after) => {
        const packed = pack(src);
        const plain = unpack(packed);
        const input = embed(packed, before, after);
        const got = unpackSharedRange(input, before, before + packed.length);
        expect(got.size).toBe(plain.length);
        expect([...got.buf.subarray(0, got.size)]).toEqual([...plain]);
      }),
      { numRuns: 300 },
    );
  });

  it("fails on malformed input in a range exactly as on the same bytes alone (message and offset)", () => {
    // Arbitrary bytes are mostly malformed packed input (cut-short segments and runs).
    fc.assert(
      fc.property(packable, fc.nat({ max: 20 }), fc.nat({ max: 20 }), (bytes, before, after) => {
        const alone = outcome(() => {
          const r = unpackShared(bytes);
          return [...r.buf.subarray(0, r.size)];
        });
        const input = embed(bytes, before, after);
        const ranged = outcome(() => {
          const r = unpackSharedRange(input, before, before + bytes.length);
          return [...r.buf.subarray(0, r.size)];
        });
        expect(ranged).toEqual(alone);
        // A failed unpack must not leave stale bytes behind for the next one.
        const next = Uint8Array.of(0x01, 0x07);
        const r = unpackShared(next);
        expect([...r.buf.subarray(0, r.size)]).toEqual([7, 0, 0, 0, 0, 0, 0, 0]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("MessageCodec direct entries", () => {
  const codec: MessageCodec<Blob> = blobCodec;

  it("encodePackedTo writes encodePacked()'s bytes at the sink's offset and returns the end", () => {
    fc.assert(
      fc.property(packable, fc.nat({ max: 30 }), (data, at) => {
        const want = codec.encodePacked({ data });
        const sink = createSink(at + want.length + 64 + data.length * 2, at);
        const end = codec.encodePackedTo({ data }, sink);
        expect(end - at).toBe(want.length);
        expect([...sink.buffer.subarray(at, end)]).toEqual([...want]);
        expect(sink.bounds).toHaveLength(1);
        expect(sink.bounds[0]!).toBeGreaterThanOrEqual(want.length);
      }),
      { numRuns: 200 },
    );
  });

  it("encodePackedTo throws the EncodeError before asking the sink for room", () => {
    const sink = createSink(64, 0);
    const bad = { data: "not bytes" } as unknown as Blob;
    expect(() => codec.encodePacked(bad)).toThrow(EncodeError);
    expect(() => codec.encodePackedTo(bad, sink)).toThrow(EncodeError);
    expect(sink.bounds).toEqual([]);
  });

  it("encodePackedTo passes a sink's refusal through and leaves the codec usable", () => {
    const refusing: PackedBodySink = {
      bodyBuffer: new Uint8Array(0),
      reserveBody(): number {
        throw new TypeError("refused");
      },
    };
    expect(() => codec.encodePackedTo({ data: Uint8Array.of(1, 2, 3) }, refusing)).toThrow(TypeError);
    expect([...codec.decodePacked(codec.encodePacked({ data: Uint8Array.of(1, 2, 3) })).data]).toEqual([1, 2, 3]);
  });

  it("decodePackedRange equals decodePacked of the range's view, for good and malformed bodies", () => {
    const body = fc.oneof(
      packable.map((data) => codec.encodePacked({ data })),
      packable,
    );
    fc.assert(
      fc.property(body, fc.nat({ max: 20 }), fc.nat({ max: 20 }), (bytes, before, after) => {
        const viaView = outcome(() => [...codec.decodePacked(bytes).data]);
        const input = embed(bytes, before, after);
        const viaRange = outcome(() => [...codec.decodePackedRange(input, before, before + bytes.length).data]);
        expect(viaRange).toEqual(viaView);
      }),
      { numRuns: 300 },
    );
  });

  it("decodePackedRange rejects a non-Uint8Array input like decodePacked", () => {
    expect(() => codec.decodePackedRange([1, 2] as unknown as Uint8Array, 0, 2)).toThrow(/not a Uint8Array/);
    expect(() => codec.decodePacked("x" as unknown as Uint8Array)).toThrow(/not a Uint8Array/);
    // A Buffer (a Uint8Array subclass) is accepted after a plain array was refused.
    const packed = codec.encodePacked({ data: Uint8Array.of(9) });
    expect([...codec.decodePackedRange(Buffer.from(packed), 0, packed.length).data]).toEqual([9]);
  });

  it("createMessageCodec still accepts the generated parts contract", () => {
    const c = createMessageCodec<number>({
      name: "n",
      tag: 3,
      write: (w, v) => {
        w.buf[w.pos++] = v;
      },
      read: (r, end) => {
        const v = r.buf[r.pos] ?? 0;
        r.pos = end;
        return v;
      },
      create: () => 0,
    });
    const sink = createSink(32, 5);
    const end = c.encodePackedTo(7, sink);
    expect([...sink.buffer.subarray(5, end)]).toEqual([...c.encodePacked(7)]);
    expect(c.decodePackedRange(sink.buffer, 5, end)).toBe(7);
  });
});
