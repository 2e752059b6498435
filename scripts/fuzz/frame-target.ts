/**
 * Fuzz targets for the frame decoder of both wire versions: random bytes, valid frames mutated
 * (bit flips, truncation, length fields set to edge values), fed in arbitrary chunks.
 *
 * Properties: every chunk yields frames or a `protocol` ClusterError (nothing else is thrown);
 * the chunked result equals a whole-buffer reference parse (a prefix of it when a protocol error
 * ends the stream: frames before the bad one in the same chunk go down with the connection); the decoder never holds more than the
 * limit (nor, for frames over 64 KiB, more than has arrived); every byte is accounted for.
 */
import fc from "fast-check";
import {
  createFramer,
  isClusterError,
  REQUEST_OVERHEAD,
  RESPONSE_FLAG,
  RESPONSE_OVERHEAD,
  type Frame,
  type WireVersion,
} from "../../runtime/index.ts";
import { createFuzzTarget, type FuzzTarget } from "./target.ts";

const WIRES: readonly WireVersion[] = ["silly-0.7.0", "silly-0.7.1"];
const PREALLOCATE_MAX = 64 * 1024;

/** A frame as the reference parser sees it (plain data, comparable with toEqual). */
interface PlainFrame {
  readonly kind: string;
  readonly session: number;
  readonly cmd?: number;
  readonly traceId?: string;
  readonly body: string;
}

function plain(frame: Frame): PlainFrame {
  const body = Buffer.from(frame.body).toString("hex");
  if (frame.kind === "response") return { kind: "response", session: frame.session, body };
  return { kind: "request", session: frame.session, cmd: frame.cmd, traceId: frame.traceId.toString(), body };
}

/** Whole-buffer reference parse: the frames before the first bad length, and whether one was bad. */
function referenceParse(wire: WireVersion, maxLen: number, bytes: Buffer): { frames: PlainFrame[]; error: boolean } {
  const v070 = wire === "silly-0.7.0";
  const prefix = v070 ? 2 : 4;
  const frames: PlainFrame[] = [];
  let off = 0;
  while (bytes.length - off >= prefix) {
    const len = v070 ? bytes.readUInt16BE(off) : bytes.readUInt32LE(off);
    if (len < RESPONSE_OVERHEAD || len > maxLen) return { frames, error: true };
    if (bytes.length - off - prefix < len) break;
    const start = off + prefix;
    const end = start + len;
    const word = v070 ? bytes.readUInt32LE(end - 4) : bytes.readUInt32LE(start);
    if (word >= RESPONSE_FLAG) {
      const body = v070 ? bytes.subarray(start, end - 4) : bytes.subarray(start + 4, end);
      frames.push({ kind: "response", session: word & 0x7fffffff, body: body.toString("hex") });
    } else {
      if (len < REQUEST_OVERHEAD) return { frames, error: true };
      const t = v070 ? end - 16 : start + 4;
      const cmd = v070 ? bytes.readUInt32LE(t + 8) : bytes.readUInt32LE(t);
      const traceId = (v070 ? bytes.readBigUInt64LE(t) : bytes.readBigUInt64LE(t + 4)).toString();
      const body = v070 ? bytes.subarray(start, t) : bytes.subarray(start + 16, end);
      frames.push({ kind: "request", session: word, cmd, traceId, body: body.toString("hex") });
    }
    off = end;
  }
  return { frames, error: false };
}

/** One fuzz case: the wire, a limit, the input bytes and where to cut them. */
interface FrameCase {
  readonly wire: WireVersion;
  readonly maxLen: number;
  readonly bytes: Uint8Array;
  readonly cuts: readonly number[];
}

const EDGE_LENGTHS = (maxLen: number): number[] => [
  0,
  1,
  2,
  3,
  4,
  15,
  16,
  17,
  maxLen - 1,
  maxLen,
  maxLen + 1,
  0xffff,
  0x10000,
  0x7fffffff,
  0x80000000,
  0xffffffff,
];

function validFrames(wire: WireVersion, maxLen: number): fc.Arbitrary<Buffer> {
  const framer = createFramer({ wire, maxFrameBytes: maxLen });
  const bodyMax = Math.min(framer.maxRequestBody, 300);
  const frame = fc.oneof(
    fc
      .record({
        session: fc.integer({ min: 0, max: 0x7fffffff }),
        cmd: fc.integer({ min: 0, max: 0xffffffff }),
        traceId: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        body: fc.uint8Array({ maxLength: bodyMax }),
      })
      .map((f) => framer.encodeRequest(f)),
    fc
      .record({
        session: fc.integer({ min: 0, max: 0x7fffffff }),
        body: fc.uint8Array({ maxLength: Math.min(framer.maxResponseBody, 300) }),
      })
      .map((f) => framer.encodeResponse(f)),
  );
  return fc.array(frame, { minLength: 1, maxLength: 6 }).map((list) => Buffer.concat(list));
}

type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "truncate"; at: number }
  | { kind: "length"; at: number; value: number };

function mutate(wire: WireVersion, bytes: Buffer, mutations: readonly Mutation[]): Buffer {
  let out = Buffer.from(bytes);
  for (const m of mutations) {
    if (out.length === 0) break;
    const at = m.at % out.length;
    if (m.kind === "flip") out[at] = (out[at] as number) ^ (1 << m.bit);
    else if (m.kind === "truncate") out = out.subarray(0, at);
    else if (wire === "silly-0.7.0" && at + 2 <= out.length) out.writeUInt16BE(m.value & 0xffff, at);
    else if (wire === "silly-0.7.1" && at + 4 <= out.length) out.writeUInt32LE(m.value >>> 0, at);
  }
  return out;
}

/** Offsets of the length prefixes of a valid frame sequence (so length mutations hit real headers). */
function prefixOffsets(wire: WireVersion, bytes: Buffer): number[] {
  const prefix = wire === "silly-0.7.0" ? 2 : 4;
  const offsets: number[] = [];
  let off = 0;
  while (off + prefix <= bytes.length) {
    offsets.push(off);
    off += prefix + (wire === "silly-0.7.0" ? bytes.readUInt16BE(off) : bytes.readUInt32LE(off));
  }
  return offsets;
}

function frameCase(): fc.Arbitrary<FrameCase> {
  return fc
    .record({
      wire: fc.constantFrom(...WIRES),
      limitChoice: fc.constantFrom("tiny", "small", "mid", "default"),
    })
    .chain(({ wire, limitChoice }) => {
      const defaultMax = wire === "silly-0.7.0" ? 0xffff : 128 * 1024 * 1024;
      const maxLen = { tiny: 16, small: 40, mid: 300, default: defaultMax }[limitChoice];
      const mutation: fc.Arbitrary<Mutation> = fc.oneof(
        fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
        fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
        fc.record({ kind: fc.constant("length" as const), at: fc.nat(), value: fc.constantFrom(...EDGE_LENGTHS(maxLen)) }),
      );
      const headerEdit = fc.record({ which: fc.nat(), value: fc.constantFrom(...EDGE_LENGTHS(maxLen)) });
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
        fc.tuple(validFrames(wire, maxLen), fc.array(mutation, { maxLength: 4 })).map(([b, ms]) => mutate(wire, b, ms)),
        fc.tuple(validFrames(wire, maxLen), headerEdit).map(([b, edit]) => {
          const offsets = prefixOffsets(wire, b);
          const at = offsets[edit.which % offsets.length] as number;
          return mutate(wire, b, [{ kind: "length", at, value: edit.value }]);
        }),
        validFrames(wire, maxLen),
      );
      return bytes.chain((b) =>
        fc.array(fc.integer({ min: 0, max: b.length }), { maxLength: 12 }).map((cuts) => ({ wire, maxLen, bytes: b, cuts })),
      );
    });
}

/** Runs the decoder over one case and throws (an assertion failure) when a property is broken. */
export function checkFrameCase(c: FrameCase): void {
  const decoder = createFramer({ wire: c.wire, maxFrameBytes: c.maxLen }).createDecoder();
  const prefix = c.wire === "silly-0.7.0" ? 2 : 4;
  const bytes = Buffer.from(c.bytes);
  const cuts = [...new Set(c.cuts)].sort((a, b) => a - b);
  const bounds = [0, ...cuts, bytes.length];
  const frames: PlainFrame[] = [];
  let error = false;
  let fed = 0;
  let consumed = 0;
  for (let i = 0; i + 1 < bounds.length && !error; i++) {
    const chunk = bytes.subarray(bounds[i], bounds[i + 1]);
    fed += chunk.length;
    try {
      for (const f of decoder.decode(chunk)) {
        frames.push(plain(f));
        consumed += prefix + (f.kind === "request" ? REQUEST_OVERHEAD : RESPONSE_OVERHEAD) + f.body.length;
      }
    } catch (e) {
      if (!isClusterError(e, "protocol")) throw new Error(`decoder threw something other than a protocol error: ${String(e)}`);
      error = true;
      break;
    }
    const held = decoder.heldBytes;
    if (held > prefix + c.maxLen) throw new Error(`decoder holds ${held} bytes, over the limit ${c.maxLen}`);
    if (held > Math.max(fed - consumed, prefix + PREALLOCATE_MAX)) throw new Error(`decoder holds ${held} bytes, more than arrived`);
    if (consumed + decoder.pendingBytes !== fed)
      throw new Error(`bytes unaccounted: fed ${fed}, framed ${consumed}, pending ${decoder.pendingBytes}`);
  }
  const reference = referenceParse(c.wire, c.maxLen, bytes);
  if (reference.error !== error) throw new Error(`protocol error mismatch: decoder ${error}, reference ${reference.error}`);
  // On a protocol error the frames decoded earlier in the same chunk are dropped with the connection,
  // so the decoder's frames are then a prefix of the reference's.
  const expected = error ? reference.frames.slice(0, frames.length) : reference.frames;
  if (JSON.stringify(expected) !== JSON.stringify(frames)) throw new Error("chunked frames differ from the reference parse");
}

/** The frame-decoder fuzz target. */
export function createFrameTarget(): FuzzTarget {
  return createFuzzTarget(
    "frame-decoder",
    fc.property(frameCase(), (c) => checkFrameCase(c)),
  );
}
