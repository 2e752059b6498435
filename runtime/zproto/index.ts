/**
 * The zproto codec's public surface: `MessageCodec`, the codec errors, `pack`/`unpack`,
 * the JSON-convention converters, and the primitives generated code calls. Generated code
 * reaches all of this through `clusterc/runtime` only.
 */
export { createMessageCodec, type MessageCodec, type MessageCodecParts, type PackedBodySink } from "./codec.ts";
export { messageCodec } from "./message-codec.ts";
export {
  DECODE_ERROR_CODES,
  DecodeError,
  type DecodeErrorCode,
  ENCODE_ERROR_CODES,
  EncodeError,
  type EncodeErrorCode,
  atField,
  atIndex,
  atTag,
  formatFieldPath,
  invalidElement,
  invalidField,
  invalidStruct,
  isDecodeError,
  isEncodeError,
  missingKey,
  nameTaggedField,
  type PathSegment,
} from "./errors.ts";
export { pack, unpack } from "./pack.ts";
export { keepLastByKey } from "./map.ts";
export * from "./field-write.ts";
export * from "./array-write.ts";
export * from "./array-read.ts";
export { createDefault, parseFields, readPartial, type DeclaredFields, type NestedStruct, type TableField } from "./partial.ts";
export { fieldTable, type FieldTable, type StructBody, type StructEncodeBody } from "./struct-table.ts";
export {
  fromHex,
  fromJsonValue,
  toHex,
  toJsonValue,
  type JsonConvertOptions,
  type JsonFieldInfo,
  type JsonScalarKind,
  type JsonSchemaInfo,
  type JsonStructInfo,
  type JsonValue,
} from "./json.ts";
export {
  MAX_DEPTH,
  beginRead,
  truncated,
  createReader,
  missingMapKey,
  readBlob,
  readBool,
  readCount,
  readF32,
  readI16,
  readI32,
  readI64Big,
  readI64Number,
  readI8,
  readString,
  readU16,
  readU32,
  readU64Big,
  readU64Number,
  readU8,
  type Reader,
} from "./reader.ts";
export {
  beginStruct,
  endStruct,
  f32Bits,
  grow,
  isInt64,
  isSafeInt64,
  isSafeUint64,
  isUint64,
  writeBlob,
  writeBool,
  writeF32,
  writeI64Big,
  writeI64Number,
  writeString,
  writeU16,
  writeU32,
  writeU8,
  type Writer,
} from "./writer.ts";
export { utf8Length } from "./utf8.ts";
export { readText, TEXT_WINDOW } from "./text.ts";
