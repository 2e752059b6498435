import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ClusterError, createFramer, type Frame, type WireVersion } from "../../../runtime/index.ts";
import { hex, loadFrameVectors, type FrameVector } from "../helpers.ts";

const VERSIONS: ReadonlyArray<[WireVersion, "v070" | "v071"]> = [
  ["silly-0.7.0", "v070"],
  ["silly-0.7.1", "v071"],
];

function expectMatches(frame: Frame, vector: FrameVector): void {
  expect(frame.kind).toBe(vector.kind);
  expect(frame.session).toBe(vector.session);
  expect(Buffer.from(frame.body).toString("hex")).toBe(vector.body);
  if (frame.kind === "request") {
    expect(frame.cmd).toBe(vector.cmd);
    expect(frame.traceId).toBe(BigInt(vector.traceid ?? "x"));
  }
}

function encode(wire: WireVersion, vector: FrameVector): Buffer {
  const framer = createFramer({ wire, maxFrameBytes: wire === "silly-0.7.1" ? 1 << 20 : undefined });
  return vector.kind === "request"
    ? framer.encodeRequest({
        session: vector.session,
        cmd: vector.cmd ?? 0,
        traceId: BigInt(vector.traceid ?? "0"),
        body: hex(vector.body),
      })
    : framer.encodeResponse({ session: vector.session, body: hex(vector.body) });
}

describe.each(VERSIONS)("conformance frames %s", (wire, file) => {
  const vectors = loadFrameVectors(file);

  it("has the recorded vectors", () => {
    expect(vectors.length).toBe(file === "v070" ? 17 : 19);
  });

  it("parses every frame to the recorded fields", () => {
    for (const vector of vectors) {
      const frames = createFramer({ wire }).createDecoder().decode(hex(vector.frame));
      expect(frames).toHaveLength(1);
      expectMatches(frames[0]!, vector);
    }
  });

  it("encodes the recorded fields to the identical bytes", () => {
    for (const vector of vectors) expect(encode(wire, vector).toString("hex")).toBe(vector.frame);
  });

  it("parses every frame fed byte by byte", () => {
    for (const vector of vectors) {
      const decoder = createFramer({ wire }).createDecoder();
      const bytes = hex(vector.frame);
      const frames: Frame[] = [];
      let early = 0;
      for (let i = 0; i < bytes.length; i++) {
        const got = decoder.decode(bytes.subarray(i, i + 1));
        if (i < bytes.length - 1) early += got.length;
        frames.push(...got);
      }
      expect(early).toBe(0);
      expect(frames).toHaveLength(1);
      expectMatches(frames[0]!, vector);
      expect(decoder.pendingBytes).toBe(0);
    }
  });

  it("parses all frames concatenated and cut at arbitrary points", () => {
    const all = Buffer.concat(vectors.map((v) => hex(v.frame)));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: all.length }), { maxLength: 40 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const decoder = createFramer({ wire }).createDecoder();
        const frames: Frame[] = [];
        let at = 0;
        for (const point of [...points, all.length]) {
          frames.push(...decoder.decode(all.subarray(at, point)));
          at = point;
        }
        expect(frames).toHaveLength(vectors.length);
        frames.forEach((frame, i) => {
          expectMatches(frame, vectors[i]!);
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe("frame limits", () => {
  it("0.7.0 rejects request and response bodies one byte over the limit, accepts the limit", () => {
    const framer = createFramer({ wire: "silly-0.7.0" });
    expect(framer.encodeRequest({ session: 0, cmd: 1, traceId: 0n, body: new Uint8Array(65519) }).length).toBe(65537);
    expect(framer.encodeResponse({ session: 0, body: new Uint8Array(65531) }).length).toBe(65537);
    const big = () => framer.encodeRequest({ session: 0, cmd: 1, traceId: 0n, body: new Uint8Array(65520) });
    expect(big).toThrow(ClusterError);
    expect(() => big()).toThrow(/frame-too-large/);
    expect(() => framer.encodeResponse({ session: 0, body: new Uint8Array(65532) })).toThrow(/frame-too-large/);
  });

  it("0.7.1 honours a configured limit both ways", () => {
    const framer = createFramer({ wire: "silly-0.7.1", maxFrameBytes: 1000 });
    expect(() => framer.encodeRequest({ session: 0, cmd: 1, traceId: 0n, body: new Uint8Array(985) })).toThrow(/frame-too-large/);
    const ok = framer.encodeRequest({ session: 0, cmd: 1, traceId: 0n, body: new Uint8Array(984) });
    expect(framer.createDecoder().decode(ok)).toHaveLength(1);
    const header = Buffer.alloc(4);
    header.writeUInt32LE(1001);
    expect(() => framer.createDecoder().decode(header)).toThrow(/exceeds the limit/);
  });

  it("0.7.1 does not allocate what a length claims before the bytes arrive", () => {
    const decoder = createFramer({ wire: "silly-0.7.1" }).createDecoder();
    const header = Buffer.alloc(24);
    header.writeUInt32LE(100 * 1024 * 1024, 0);
    const before = process.memoryUsage().arrayBuffers;
    expect(decoder.decode(header)).toHaveLength(0);
    expect(decoder.pendingBytes).toBe(24);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it("0.7.1 rejects a huge length from its 4-byte header before the body arrives", () => {
    const decoder = createFramer({ wire: "silly-0.7.1" }).createDecoder();
    expect(() => decoder.decode(hex("ffffffff"))).toThrow(/protocol/);
  });

  it.each(["silly-0.7.0", "silly-0.7.1"] as const)("%s rejects lengths below the minimum", (wire) => {
    const framer = createFramer({ wire });
    const prefix = wire === "silly-0.7.0" ? hex("0003") : hex("03000000");
    expect(() => framer.createDecoder().decode(Buffer.concat([prefix, hex("000000")]))).toThrow(/below the minimum/);
    // A request (bit 31 clear) needs 16 bytes: len 8 is a too-short request.
    const shortReq = wire === "silly-0.7.0" ? hex("00080000000000000000") : hex("080000000000000000000000");
    expect(() => framer.createDecoder().decode(shortReq)).toThrow(/below the minimum for a request/);
  });

  it("validates limit options", () => {
    expect(() => createFramer({ wire: "silly-0.7.0", maxFrameBytes: 70000 })).toThrow(/invalid-argument/);
    expect(() => createFramer({ wire: "silly-0.7.1", maxFrameBytes: 3 })).toThrow(/invalid-argument/);
    expect(() => createFramer({ wire: "silly-0.7.1", maxFrameBytes: 1.5 })).toThrow(/invalid-argument/);
    expect(() => createFramer({ wire: "nope" as WireVersion })).toThrow(/invalid-argument/);
  });

  it.each(["silly-0.7.0", "silly-0.7.1"] as const)("%s round-trips random frames with random chunking", (wire) => {
    const framer = createFramer({ wire });
    const frameArb = fc.oneof(
      fc.record({
        kind: fc.constant("request" as const),
        session: fc.integer({ min: 0, max: 0x7fffffff }),
        cmd: fc.integer({ min: 0, max: 0xffffffff }),
        traceId: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        body: fc.uint8Array({ maxLength: 300 }),
      }),
      fc.record({
        kind: fc.constant("response" as const),
        session: fc.integer({ min: 0, max: 0x7fffffff }),
        body: fc.uint8Array({ maxLength: 300 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(frameArb, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 64 }), (input, step) => {
        const bytes = Buffer.concat(input.map((f) => (f.kind === "request" ? framer.encodeRequest(f) : framer.encodeResponse(f))));
        const decoder = framer.createDecoder();
        const out: Frame[] = [];
        for (let i = 0; i < bytes.length; i += step) out.push(...decoder.decode(bytes.subarray(i, i + step)));
        expect(out.length).toBe(input.length);
        out.forEach((frame, i) => {
          const want = input[i]!;
          expect(frame.kind).toBe(want.kind);
          expect(frame.session).toBe(want.session);
          expect(Buffer.from(frame.body).equals(Buffer.from(want.body))).toBe(true);
          if (frame.kind === "request" && want.kind === "request") {
            expect(frame.cmd).toBe(want.cmd);
            expect(frame.traceId).toBe(want.traceId);
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});
