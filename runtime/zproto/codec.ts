/**
 * The {@link MessageCodec} interface that every generated top-level struct exposes, and
 * {@link createMessageCodec}, which wraps a generated struct's specialised write/read
 * functions with buffer management, packing and error attribution.
 */
import { DecodeError, EncodeError } from "./errors.ts";
import { packBound, packInto, unpackShared } from "./pack.ts";
import { createReader, type Reader } from "./reader.ts";
import { acquireWriter, grow, releaseWriter, takeBytes, type Writer } from "./writer.ts";

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

function decodeError(e: unknown, name: string): DecodeError {
  if (e instanceof DecodeError) return e.inMessage(name);
  const text = e instanceof Error ? e.message : String(e);
  return new DecodeError(`unexpected failure: ${text}`, 0).inMessage(name);
}

const EMPTY = new Uint8Array(0);
// Decoding never runs user code, so one reader object serves every (non-overlapping) decode.
const reader: Reader = createReader(new Uint8Array(0));

function decodeWith<T>(parts: MessageCodecParts<T>, bytes: Uint8Array, length: number): T {
  const r = reader;
  r.buf = bytes;
  r.pos = 0;
  try {
    return parts.read(r, length, 1);
  } catch (e) {
    throw decodeError(e, parts.name);
  } finally {
    r.buf = EMPTY;
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
      const w = acquireWriter();
      try {
        write(w, value);
        // Pack into the same buffer, after the plain encoding.
        const start = w.start;
        const plainEnd = w.pos;
        w.pos = (plainEnd + 7) & ~7;
        const bound = packBound(plainEnd - start);
        if (w.pos + bound > w.buf.length) grow(w, bound);
        const out = w.pos;
        const end = packInto(w.buf, start, plainEnd, w.buf, out);
        return takeBytes(w, out, end);
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
        throw decodeError(e, name);
      }
      return decodeWith(parts, plain.buf, plain.size);
    },
    create: parts.create,
  };
}
