/**
 * The {@link MessageCodec} interface that every generated top-level struct exposes, and
 * {@link createMessageCodec}, which wraps a generated struct's specialised write/read
 * functions with buffer management, packing and error attribution.
 */
import { DecodeError, EncodeError } from "./errors.ts";
import { packRange, unpackShared } from "./pack.ts";
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
  /** A value with every field set to its zproto default (see the generated doc comment). */
  create(): T;
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

function encodeError(e: unknown, name: string): unknown {
  if (e instanceof EncodeError) return e.inMessage(name);
  if (e instanceof RangeError) return new EncodeError(e.message).inMessage(name);
  return e;
}

function decodeError(e: unknown, name: string, base: number): DecodeError {
  if (e instanceof DecodeError) return (base === 0 ? e : e.relativeTo(base)).inMessage(name);
  const text = e instanceof Error ? e.message : String(e);
  return new DecodeError(`unexpected failure: ${text}`, 0).inMessage(name);
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
    throw decodeError(e, parts.name, base);
  } finally {
    if (r.buf.length > KEEP_MAX) {
      lastInput = EMPTY;
      source = EMPTY.buffer;
      r.buf = EMPTY;
      r.view = emptyView;
    }
  }
}

function checkBytes(bytes: unknown, name: string): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new DecodeError("input is not a Uint8Array", 0).inMessage(name);
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
      let plain: { buf: Uint8Array; size: number };
      try {
        plain = unpackShared(bytes);
      } catch (e) {
        throw decodeError(e, name, 0);
      }
      return decodeWith(parts, plain.buf, plain.size);
    },
    create: parts.create,
  };
}
