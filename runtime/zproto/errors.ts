/**
 * Errors of the zproto codec. Encoding failures throw {@link EncodeError}, decoding
 * failures {@link DecodeError}; both carry a `code` from a closed set and name the message
 * and the field path (`packet.items[3].id`). The path is built while the error unwinds: the innermost
 * frame records the field, every enclosing struct/array frame prepends its segment.
 */

/**
 * Every {@link EncodeErrorCode}: what went wrong in an {@link EncodeError}, from a closed
 * set (tools and tests key on codes, never on message text):
 * - `invalid-value`: a value of the wrong kind (a string for an integer, a non-integer
 *   number, a bigint for an `--int64 number` field, a non-object for a struct, a non-array
 *   for an array field, ...);
 * - `out-of-range`: an integer of the right kind outside its type's range;
 * - `missing-key`: a map element without its key field;
 * - `too-large`: the encoding would exceed the codec's size limit (2^31 − 1 bytes), or its
 *   buffer cannot be allocated;
 * - `unknown-field`: JSON input names a field its struct does not have;
 * - `unknown-struct`: JSON input is converted as a struct the schema does not have.
 */
export const ENCODE_ERROR_CODES = Object.freeze([
  "invalid-value",
  "out-of-range",
  "missing-key",
  "too-large",
  "unknown-field",
  "unknown-struct",
] as const);

/** What went wrong in an {@link EncodeError}; see {@link ENCODE_ERROR_CODES}. */
export type EncodeErrorCode = (typeof ENCODE_ERROR_CODES)[number];

/**
 * Every {@link DecodeErrorCode}: what went wrong in a {@link DecodeError}, from a closed set:
 * - `truncated`: a header, value, struct, string, blob or array announces more bytes than
 *   remain in the input (or in its enclosing struct);
 * - `invalid-length`: a struct length too small to hold the struct's own header;
 * - `depth-exceeded`: structs nested deeper than the decoder allows (64 levels);
 * - `out-of-range`: a 64-bit integer that is not a safe integer (`--int64 number`);
 * - `missing-key`: a map element without its key field;
 * - `invalid-pack`: packed input that does not unpack (a segment cut short);
 * - `invalid-hex`: text given as hex that is not hex (`fromHex`);
 * - `invalid-input`: the input is not a `Uint8Array`;
 * - `internal`: any other failure while decoding: a bug in the codec, never the input's fault.
 */
export const DECODE_ERROR_CODES = Object.freeze([
  "truncated",
  "invalid-length",
  "depth-exceeded",
  "out-of-range",
  "missing-key",
  "invalid-pack",
  "invalid-hex",
  "invalid-input",
  "internal",
] as const);

/** What went wrong in a {@link DecodeError}; see {@link DECODE_ERROR_CODES}. */
export type DecodeErrorCode = (typeof DECODE_ERROR_CODES)[number];

/** One step of a field path: a field name or an array index. */
export type PathSegment = string | number;

/** Renders a message name and path segments as `packet.items[3].id`. */
export function formatFieldPath(messageName: string, path: readonly PathSegment[]): string {
  let out = messageName;
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out;
}

/** Shared behaviour of the two codec errors: a code, a mutable path, re-rendered into `message`. */
abstract class CodecError<C extends string> extends Error {
  /** What went wrong, from the error's closed set of codes. */
  readonly code: C;
  /** The zproto struct being encoded/decoded (the top-level message), once known. */
  messageName: string;
  /** Field path segments from the message down to the failing value. */
  readonly path: PathSegment[];
  /** What went wrong, without location. */
  readonly detail: string;

  protected constructor(code: C, detail: string, path: PathSegment[]) {
    super(detail);
    this.code = code;
    this.detail = detail;
    this.path = path;
    this.messageName = "";
  }

  /** `packet.items[3].id` (message name, then the path). */
  get fieldPath(): string {
    return formatFieldPath(this.messageName, this.path);
  }

  /** Prepends a segment (used while unwinding through enclosing structs/arrays). */
  prepend(seg: PathSegment): this {
    this.path.unshift(seg);
    this.render();
    return this;
  }

  /** Sets the message name (done once, by the top-level codec). */
  inMessage(name: string): this {
    this.messageName = name;
    this.render();
    return this;
  }

  protected abstract render(): void;
}

/** Thrown by `encode` when a value does not fit its schema type (nothing is truncated silently). */
export class EncodeError extends CodecError<EncodeErrorCode> {
  /** Creates an error of kind `code` for `detail` at the (possibly empty) path. */
  constructor(code: EncodeErrorCode, detail: string, path: PathSegment[] = []) {
    super(code, detail, path);
    this.name = "EncodeError";
    this.render();
  }

  protected render(): void {
    const where = this.fieldPath;
    this.message = where === "" ? `cannot encode: ${this.detail}` : `cannot encode ${where}: ${this.detail}`;
  }
}

/** Thrown by `decode`/`unpack` for malformed input; never anything else. */
export class DecodeError extends CodecError<DecodeErrorCode> {
  /** Byte offset (in the decoded, unpacked buffer) where the problem was found. */
  readonly offset: number;

  /** Creates an error of kind `code` for `detail` found at byte `offset`. */
  constructor(code: DecodeErrorCode, detail: string, offset: number, path: PathSegment[] = []) {
    super(code, detail, path);
    this.name = "DecodeError";
    this.offset = offset;
    this.render();
  }

  /**
   * Makes the offset relative to byte `base` of the buffer it was found in (codecs decode
   * at offsets of the input's whole ArrayBuffer; users see offsets into their input).
   */
  relativeTo(base: number): this {
    (this as { offset: number }).offset -= base;
    this.render();
    return this;
  }

  protected render(): void {
    const where = this.fieldPath;
    this.message =
      where === ""
        ? `cannot decode: ${this.detail} (at byte ${this.offset})`
        : `cannot decode ${where}: ${this.detail} (at byte ${this.offset})`;
  }
}

/** True when `e` is an {@link EncodeError}. */
export function isEncodeError(e: unknown): e is EncodeError {
  return e instanceof EncodeError;
}

/** True when `e` is a {@link DecodeError}. */
export function isDecodeError(e: unknown): e is DecodeError {
  return e instanceof DecodeError;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return value.length > 40 ? `a string of length ${value.length}` : JSON.stringify(value);
    case "bigint":
      return `${value}n`;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "boolean":
      return String(value);
    case "undefined":
      return "undefined";
    case "object":
      return value instanceof Uint8Array ? "a Uint8Array" : Array.isArray(value) ? "an array" : "an object";
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Encode errors are raised by the field writers, which know a field's tag but not its name:
 * the error notes the tag here until the enclosing struct's table puts the field's name in
 * front of its path ({@link nameTaggedField}). Kept outside the error so its shape stays
 * the same.
 */
const pendingTags = new WeakMap<CodecError<string>, number>();

/**
 * `out-of-range` when `value` is an integer of the kind `expected` names (a number for
 * `int32` or `uint64 (safe integer)`, a bigint for `int64 (bigint)`), else `invalid-value`.
 */
function valueCode(expected: string, value: unknown): EncodeErrorCode {
  if (!/^u?int\d+/.test(expected)) return "invalid-value";
  const inKind = expected.endsWith("(bigint)") ? typeof value === "bigint" : typeof value === "number" && Number.isInteger(value);
  return inKind ? "out-of-range" : "invalid-value";
}

/** Field writers: the value of field `tag` is not a valid `expected`. */
export function invalidField(tag: number, expected: string, value: unknown): EncodeError {
  const e = new EncodeError(valueCode(expected, value), `expected ${expected}, got ${describe(value)}`);
  pendingTags.set(e, tag);
  return e;
}

/** Field writers: element `index` of array field `tag` is not a valid `expected`. */
export function invalidElement(tag: number, index: number, expected: string, value: unknown): EncodeError {
  const e = new EncodeError(valueCode(expected, value), `expected ${expected}, got ${describe(value)}`, [index]);
  pendingTags.set(e, tag);
  return e;
}

/** Struct tables: the value passed where struct `struct` is expected is not an object. */
export function invalidStruct(struct: string, value: unknown): EncodeError {
  return new EncodeError("invalid-value", `expected a ${struct} object, got ${describe(value)}`);
}

/**
 * Field writers of nested structs: the error `e` (thrown by the nested struct, its path
 * already named) happened in field `tag` (element `index`, for arrays and maps); the
 * enclosing struct's table names that field. Anything but a codec error is returned as is.
 */
export function atTag(e: unknown, tag: number, index?: number): unknown {
  if (e instanceof CodecError) {
    if (index !== undefined) e.prepend(index);
    pendingTags.set(e, tag);
  }
  return e;
}

/**
 * Struct tables: when `e` waits for the name of one of this struct's fields (see
 * {@link invalidField}), puts `nameOf(tag)` in front of its path. Returns `e`.
 */
export function nameTaggedField(e: unknown, nameOf: (tag: number) => string | undefined): unknown {
  if (e instanceof CodecError) {
    const tag = pendingTags.get(e);
    if (tag !== undefined) {
      pendingTags.delete(e);
      e.prepend(nameOf(tag) ?? `#${tag}`);
    }
  }
  return e;
}

/** Decoding: adds `field` (and `index`, for array elements) in front of the path of a codec error; anything else is returned unchanged. */
export function atField(e: unknown, field: string, index?: number): unknown {
  if (e instanceof CodecError) {
    if (index !== undefined) e.prepend(index);
    e.prepend(field);
  }
  return e;
}

/** Generated code (decode): adds array index `index` in front of the path of a codec error. */
export function atIndex(e: unknown, index: number): unknown {
  if (e instanceof CodecError) e.prepend(index);
  return e;
}

/** Field writers: a map element lacks its key field `key` (the caller adds the path). */
export function missingKey(key: string): EncodeError {
  return new EncodeError("missing-key", `map element has no key field '${key}'`);
}
