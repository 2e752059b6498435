/**
 * The SIMD pack kernel (runtime/zproto/wasm-pack.ts) against the portable JavaScript
 * (pack-portable.ts): the same bytes out of pack and unpack on random input of every size
 * around the kernel's limits, the same result or the same located error on malformed input,
 * the same bytes through the codec entries, and an encoding in progress in the kernel's
 * memory is not disturbed by a message packed from inside it. The committed module is what
 * its source assembles to.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { assembleWasmPack } from "../../scripts/build-wasm.ts";
import { DecodeError, createMessageCodec, pack, unpack, writeBlob, type MessageCodec } from "../../runtime/zproto/index.ts";
import { packBound, packPortable, unpackedSize, unpackInto } from "../../runtime/zproto/pack-portable.ts";
import { packInto, unpackSharedRange } from "../../runtime/zproto/pack.ts";
import { WASM_PACK_HEX } from "../../runtime/zproto/wasm-binary.ts";
import { KERNEL_PACK_MAX, KERNEL_UNPACK_MAX, setWasmPackEnabled, wasmPack } from "../../runtime/zproto/wasm-pack.ts";
import { blobCodec, type Blob } from "../runtime/fixtures/blob-codec.ts";

afterEach(() => setWasmPackEnabled(true));

/** Bytes with long zero and non-zero runs, of up to `max` bytes. */
function packable(max: number): fc.Arbitrary<Uint8Array> {
  const run = fc.tuple(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 255 }), fc.constant(-1)), fc.integer({ min: 1, max: 40 }));
  return fc.array(run, { maxLength: 200 }).map((runs) => {
    const out: number[] = [];
    for (const [value, length] of runs) {
      for (let i = 0; i < length && out.length < max; i++) out.push(value < 0 ? (i * 37 + 11) & 0xff : value);
    }
    return Uint8Array.from(out);
  });
}

/** `n` bytes around a limit: random non-zero bytes with some zeros. */
function sized(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = (x >>> 24) % 5 === 0 ? 0 : (x >>> 16) & 0xff;
  }
  return out;
}

function portablePack(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(packBound(src.length));
  return out.subarray(0, packPortable(src, 0, src.length, out, 0));
}

function portableUnpack(src: Uint8Array): Uint8Array {
  const size = unpackedSize(src, 0, src.length);
  const out = new Uint8Array(size);
  unpackInto(src, 0, src.length, out, 0, size);
  return out;
}

/** What a call gives: the bytes, or the DecodeError's message and offset. */
function outcome(f: () => Uint8Array): { bytes: string } | { error: string; offset: number | undefined } {
  try {
    return { bytes: Buffer.from(f()).toString("hex") };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return { error: e.message, offset: e.offset };
  }
}

describe("wasm pack kernel", () => {
  it("is available here (Node has WebAssembly SIMD), so the tests below compare two implementations", () => {
    expect(wasmPack()).toBeDefined();
  });

  it("wasm-binary.ts holds what wasm-pack.wat assembles to (npm run build:wasm)", async () => {
    expect(Buffer.from(await assembleWasmPack()).toString("hex")).toBe(WASM_PACK_HEX);
  });

  it("packs and unpacks random input exactly like the portable code", () => {
    fc.assert(
      fc.property(packable(3000), (src) => {
        const packed = portablePack(src);
        expect(Buffer.from(pack(src)).toString("hex")).toBe(Buffer.from(packed).toString("hex"));
        expect(Buffer.from(unpack(packed)).toString("hex")).toBe(Buffer.from(portableUnpack(packed)).toString("hex"));
      }),
      { numRuns: 400 },
    );
  });

  it("gives the same bytes or the same located error on arbitrary (mostly malformed) packed input", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), packable(400)), (bytes) => {
        const simd = outcome(() => unpack(bytes));
        setWasmPackEnabled(false);
        const portable = outcome(() => unpack(bytes));
        setWasmPackEnabled(true);
        expect(simd).toEqual(portable);
      }),
      { numRuns: 1000 },
    );
  });

  it("handles input at and past the kernel's limits (past them the portable code takes over)", () => {
    for (const n of [0, 1, 7, 8, 9, KERNEL_PACK_MAX - 1, KERNEL_PACK_MAX, KERNEL_PACK_MAX + 1, 3 * KERNEL_PACK_MAX + 5]) {
      const src = sized(n, n + 1);
      const packed = portablePack(src);
      expect(Buffer.compare(pack(src), packed), `pack of ${n} bytes`).toBe(0);
      expect(Buffer.compare(unpack(packed), portableUnpack(packed)), `unpack of ${packed.length} bytes`).toBe(0);
    }
    for (const n of [KERNEL_UNPACK_MAX - 1, KERNEL_UNPACK_MAX, KERNEL_UNPACK_MAX + 1]) {
      // Packed input of exactly n bytes: headers with one data byte each (0x01 xx), then filler.
      const packed = new Uint8Array(n);
      for (let i = 0; i + 1 < n; i += 2) packed.set([0x01, (i >> 1) % 255 || 1], i);
      if (n % 2 === 1) packed[n - 1] = 0;
      expect(Buffer.compare(unpack(packed), portableUnpack(packed)), `unpack of ${n} bytes`).toBe(0);
    }
  });

  it("packInto and unpackSharedRange of ranges inside larger buffers agree with the portable code", () => {
    fc.assert(
      fc.property(packable(600), fc.nat({ max: 30 }), fc.nat({ max: 30 }), (src, lead, at) => {
        const input = new Uint8Array(lead + src.length + 5).fill(0xa5);
        input.set(src, lead);
        const out = new Uint8Array(at + packBound(src.length)).fill(0x5a);
        const end = packInto(input, lead, lead + src.length, out, at);
        expect(Buffer.compare(out.subarray(at, end), portablePack(src))).toBe(0);
        expect(out.subarray(end).every((b) => b === 0x5a)).toBe(true);
        const packed = portablePack(src);
        const framed = new Uint8Array(lead + packed.length + 3).fill(0xff);
        framed.set(packed, lead);
        const r = unpackSharedRange(framed, lead, lead + packed.length);
        expect(Buffer.compare(r.buf.subarray(0, r.size), portableUnpack(packed))).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("encodePacked / decodePacked give the same bytes and values with and without the kernel", () => {
    fc.assert(
      fc.property(packable(2000), (data) => {
        const simd = blobCodec.encodePacked({ data });
        setWasmPackEnabled(false);
        const portable = blobCodec.encodePacked({ data });
        const back = blobCodec.decodePacked(simd);
        setWasmPackEnabled(true);
        expect(Buffer.compare(simd, portable)).toBe(0);
        expect(Buffer.compare(blobCodec.decodePacked(portable).data, data)).toBe(0);
        expect(Buffer.compare(back.data, data)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("a message packed while another is being encoded in the kernel's memory leaves that encoding intact", () => {
    // The outer encoding is written into the kernel's input region; halfway through, its writer
    // packs another message (as a getter of the value could): that one is copied into the
    // kernel's own pack input, not over the outer encoding.
    const inner: Blob = { data: sized(900, 7) };
    let innerPacked: Uint8Array | undefined;
    const outer: MessageCodec<Blob> = createMessageCodec<Blob>({
      name: "outer",
      tag: 0x22,
      write: (w, v) => {
        writeBlob(w, v.data);
        innerPacked = blobCodec.encodePacked(inner);
        writeBlob(w, v.data);
      },
      read: () => ({ data: new Uint8Array(0) }),
      create: () => ({ data: new Uint8Array(0) }),
    });
    const data = sized(1500, 3);
    const got = outer.encodePacked({ data });
    const plain = new Uint8Array(8 + 2 * data.length);
    const view = new DataView(plain.buffer);
    view.setUint32(0, data.length, true);
    plain.set(data, 4);
    view.setUint32(4 + data.length, data.length, true);
    plain.set(data, 8 + data.length);
    expect(Buffer.compare(got, portablePack(plain))).toBe(0);
    expect(Buffer.compare(innerPacked ?? new Uint8Array(0), blobCodec.encodePacked(inner))).toBe(0);
  });
});
