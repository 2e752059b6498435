/**
 * `@clusterc/runtime`: what applications import — the cluster node (`createCluster`), its
 * errors, options and types, TLS, logging and trace ids, the typed service layer, and the
 * zproto codec's public surface (message codecs, `pack`/`unpack`, codec errors, JSON and hex
 * converters). Generated code imports `@clusterc/runtime/codegen-v1` instead; tools that only
 * encode and decode import `@clusterc/runtime/zproto`, which opens no socket.
 */
export * from "./cluster-api.ts";
export * from "./rpc/index.ts";
export { createMessageCodec, type MessageCodec, type MessageCodecParts, type PackedBodySink } from "./zproto/codec.ts";
export {
  DECODE_ERROR_CODES,
  DecodeError,
  type DecodeErrorCode,
  ENCODE_ERROR_CODES,
  EncodeError,
  type EncodeErrorCode,
  formatFieldPath,
  isDecodeError,
  isEncodeError,
  type PathSegment,
} from "./zproto/errors.ts";
export { pack, unpack } from "./zproto/pack.ts";
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
} from "./zproto/json.ts";
