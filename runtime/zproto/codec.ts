/**
 * The {@link MessageCodec} interface that every generated top-level struct exposes, and
 * {@link createMessageCodec}, which wraps a generated struct's specialised write/read
 * functions with buffer management, packing and error attribution.
 */
import { DecodeError, EncodeError } from "./errors.ts";
import { packBound, packInto, packRange, unpackSharedRange } from "./pack.ts";
import { createReader, type Reader } from "./reader.ts";
import { resetText } from "./text.ts";
import { acquireScratchWriter, acquireWriter, releaseWriter, takeBytes, type Writer } from "./writer.ts";

/** Encoder/decoder of one zproto message type `T`. */
export interface MessageCodec<T> {
  /** The struct's name in the schema (`add`). */
  readonly name: string;
  /** The struct's protocol tag (the silly RPC `cmd`); 0 when it has none. */
  readonly tag: number;
  /**
   * Encodes `value`; throws {@link EncodeError} for values that do not fit the schema.
   * The result may be a view into a shared slab (`byteOffset` ≠ 0); its bytes are never
   * reused by later encodes.
   */
  encode(value: T): Uint8Array;
  /** Decodes one message from `bytes` (which may be a view into a larger buffer). Bytes after the message are ignored. */
  decode(bytes: Uint8Array): T;
  /** `pack(encode(value))`: the body of a silly cluster frame. */
  encodePacked(value: T): Uint8Array;
  /** `decode(unpack(bytes))`. */
  decodePacked(bytes: Uint8Array): T;
  /**
   * `encodePacked(value)` written straight into a caller's buffer: encodes `value` (throwing
   * {@link EncodeError} before the sink is asked for anything), asks `sink` for room for
   * `bound` packed bytes, packs there and returns the end offset of the packed body.
   * Errors thrown by the sink pass through unchanged.
   */
  encodePackedTo(value: T, sink: PackedBodySink): number;
  /** `decodePacked(bytes.subarray(start, end))` without the view (error offsets relative to `start`). */
  decodePackedRange(bytes: Uint8Array, start: number, end: number): T;
  /** A value with every field set to its zproto default (see the generated doc comment). */
  create(): T;
}

/** Where {@link MessageCodec.encodePackedTo} packs a body: a frame being built in an output buffer. */
export interface PackedBodySink {
  /**
   * Makes room for a packed body of up to `bound` bytes and returns the offset it starts at
   * in {@link PackedBodySink.bodyBuffer} (read after this call); may throw to refuse.
   */
  reserveBody(bound: number): number;
  /** The buffer the body is packed into (valid after {@link PackedBodySink.reserveBody}). */
  readonly bodyBuffer: Uint8Array;
}

/** The generated pieces a {@link MessageCodec} is assembled from. */
export interface MessageCodecParts<T> {
  readonly name: string;
  readonly tag: number;
  /** Appends the struct's encoding to `w` (validating as it goes). */
  readonly write: (w: Writer, value: T) => void;
  /** Reads one struct at `r.pos`, within `end`, at nesting `depth`. */
  readonly read: (r: Reader, end: number, depth: number) => T;
  readonly create: () => T;
}

/**
 * The error of a failed encode of message `name`: codec errors get the message name; a
 * RangeError (a buffer that cannot be allocated) becomes a `too-large` EncodeError;
 * anything else (thrown by user code, such as a getter) passes through.
 */
function encodeError(e: unknown, name: string): unknown {
  if (e instanceof EncodeError) return e.inMessage(name);
  if (e instanceof RangeError) return new EncodeError("too-large", e.message).inMessage(name);
  return e;
}

function decodeError(e: unknown, name: string, base: number): DecodeError {
  if (e instanceof DecodeError) return (base === 0 ? e : e.relativeTo(base)).inMessage(name);
  const text = e instanceof Error ? e.message : String(e);
  return new DecodeError("internal", `unexpected failure: ${text}`, 0).inMessage(name);
}

const EMPTY = new Uint8Array(0);
/** Inputs whose ArrayBuffer is larger than this are not kept referenced after the decode. */
const KEEP_MAX = 1 << 20;
// Decoding never runs user code, so one reader object serves every (non-overlapping) decode.
// Its `buf`/`view` cover the input's whole ArrayBuffer and are kept for the next decode:
// inputs are often views of one buffer (frames of a socket chunk, the unpack scratch), and
// creating a DataView per decode would cost more than the reads it speeds up.
const reader: Reader = createReader(EMPTY);
const emptyView = reader.view;
/** The last input (its `.buffer` is a getter call, skipped when the same array comes again). */
let lastInput: Uint8Array = EMPTY;
/** `lastInput.byteOffset`. */
let lastBase = 0;
/** The ArrayBuffer `reader.buf` and `reader.view` cover. */
let source: ArrayBufferLike = EMPTY.buffer;

/**
 * Repeats a failed decode of `[base, end)` with every struct on the general path, which
 * names the field that fails (the fast path of generated decoders does not), and returns
 * that failure.
 */
function carefulFailure<T>(parts: MessageCodecParts<T>, r: Reader, base: number, end: number): unknown {
  r.careful = true;
  r.pos = base;
  resetText(r);
  try {
    parts.read(r, end, 1);
    return undefined;
  } catch (e) {
    return e;
  } finally {
    r.careful = false;
  }
}

function decodeWith<T>(parts: MessageCodecParts<T>, bytes: Uint8Array, length: number): T {
  const r = reader;
  if (bytes !== lastInput) {
    lastInput = bytes;
    lastBase = bytes.byteOffset;
    const buffer = bytes.buffer;
    if (buffer !== source) {
      source = buffer;
      r.buf = new Uint8Array(buffer);
      r.view = new DataView(buffer);
    }
  }
  // A view's byteOffset never changes (if its buffer is detached, its length is 0 and
  // the decode fails on the first bounds check).
  const base = lastBase;
  const end = base + length;
  r.pos = base;
  r.limit = end;
  resetText(r);
  try {
    return parts.read(r, end, 1);
  } catch (e) {
    throw decodeError(carefulFailure(parts, r, base, end) ?? e, parts.name, base);
  } finally {
    if (r.buf.length > KEEP_MAX) {
      lastInput = EMPTY;
      source = EMPTY.buffer;
      r.buf = EMPTY;
      r.view = emptyView;
    }
  }
}

/** `write(w, value)` with its failures attributed to the message. */
function encodeScratch<T>(w: Writer, write: (w: Writer, value: T) => void, value: T, name: string): void {
  try {
    write(w, value);
  } catch (e) {
    throw encodeError(e, name);
  }
}

/** Unpacks `bytes[start, end)` into the shared scratch and decodes it. */
function decodePackedFrom<T>(parts: MessageCodecParts<T>, bytes: Uint8Array, start: number, end: number): T {
  let plain: { buf: Uint8Array; size: number };
  try {
    plain = unpackSharedRange(bytes, start, end);
  } catch (e) {
    throw decodeError(e, parts.name, 0);
  }
  return decodeWith(parts, plain.buf, plain.size);
}

/** The prototype of the last input that passed {@link checkBytes} (Uint8Array or a subclass such as Buffer). */
let knownProto: object = Uint8Array.prototype;

function checkBytes(bytes: unknown, name: string): asserts bytes is Uint8Array {
  // A prototype compare first: a generic instanceof per decode costs more than the decode of a small message.
  if (typeof bytes === "object" && bytes !== null && Object.getPrototypeOf(bytes) === knownProto) return;
  if (!(bytes instanceof Uint8Array)) throw new DecodeError("invalid-input", "input is not a Uint8Array", 0).inMessage(name);
  knownProto = Object.getPrototypeOf(bytes) as object;
}

/** Assembles a {@link MessageCodec} from a generated struct's write/read/create functions. */
export function createMessageCodec<T>(parts: MessageCodecParts<T>): MessageCodec<T> {
  const { name, tag, write } = parts;
  return {
    name,
    tag,
    encode(value: T): Uint8Array {
      const w = acquireWriter();
      try {
        write(w, value);
        return takeBytes(w, w.start, w.pos);
      } catch (e) {
        throw encodeError(e, name);
      } finally {
        releaseWriter(w);
      }
    },
    decode(bytes: Uint8Array): T {
      checkBytes(bytes, name);
      return decodeWith(parts, bytes, bytes.length);
    },
    encodePacked(value: T): Uint8Array {
      // Encode into the scratch writer and pack into the output slab: only the packed
      // bytes take slab space.
      const w = acquireScratchWriter();
      try {
        write(w, value);
        return packRange(w.buf, w.start, w.pos);
      } catch (e) {
        throw encodeError(e, name);
      } finally {
        releaseWriter(w);
      }
    },
    decodePacked(bytes: Uint8Array): T {
      checkBytes(bytes, name);
      return decodePackedFrom(parts, bytes, 0, bytes.length);
    },
    encodePackedTo(value: T, sink: PackedBodySink): number {
      const w = acquireScratchWriter();
      try {
        encodeScratch(w, write, value, name);
        const start = w.start;
        const end = w.pos;
        const at = sink.reserveBody(packBound(end - start));
        return packInto(w.buf, start, end, sink.bodyBuffer, at);
      } finally {
        releaseWriter(w);
      }
    },
    decodePackedRange(bytes: Uint8Array, start: number, end: number): T {
      checkBytes(bytes, name);
      return decodePackedFrom(parts, bytes, start, end);
    },
    create: parts.create,
  };
}
