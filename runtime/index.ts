/// <reference types="node" preserve="true" />
/**
 * `@clusterc/runtime`: what applications import — the cluster node (`createCluster`), its
 * errors, options and types, TLS, logging and trace ids, the typed service layer, and the
 * zproto codec's public surface (message codecs, `pack`/`unpack`, codec errors, JSON and hex
 * converters). Generated code imports `@clusterc/runtime/codegen-v1` instead; tools that only
 * encode and decode import `@clusterc/runtime/zproto`, which opens no socket.
 */
export { createCluster, listenerAddress } from "./node/cluster.ts";
export { ClusterError, CLUSTER_ERROR_CODES, isClusterError } from "./core/errors.ts";
export type { ClusterErrorCode, ClusterErrorOptions } from "./core/errors.ts";
export {
  createFramer,
  MAX_SESSION,
  RESPONSE_FLAG,
  REQUEST_OVERHEAD,
  RESPONSE_OVERHEAD,
  V070_MAX_LEN,
  V071_DEFAULT_MAX_LEN,
} from "./wire/framer.ts";
export type { Frame, FrameDecoder, Framer, FramerOptions, RequestFrame, ResponseFrame, WireVersion } from "./wire/framer.ts";
export { createConsoleLogger, createSilentLogger } from "./core/logger.ts";
export type { Logger, LogFields } from "./core/logger.ts";
export type { LogRateOptions } from "./core/guarded-logger.ts";
export type { ClusterLimits } from "./connection/limits.ts";
export type { ClusterOptions, MarshalType } from "./node/cluster-options.ts";
export type { IdleProbeOptions } from "./connection/idle-probe.ts";
export { createBackoff } from "./core/backoff.ts";
export type { Backoff, BackoffOptions } from "./core/backoff.ts";
export { createRootTraceId, currentTraceId, formatTraceId, runWithTrace, traceRoot } from "./core/trace.ts";
export { createTcpTransport } from "./transport/tcp.ts";
export { createTlsTransport, type TlsMaterial, type TlsTransportOptions } from "./transport/tls.ts";
export type { Transport, TransportConnectOptions, TransportListenOptions, TransportServer } from "./transport/tcp.ts";
export { parseAddress, formatAddress } from "./core/address.ts";
export type { HostPort } from "./core/address.ts";
export type { CallContext, RawHandler } from "./call/handler.ts";
export type { CallOptions } from "./call/options.ts";
export type { ClusterNode, ClusterStats } from "./node/cluster-node.ts";
export type { Listener } from "./connection/listener.ts";
export type { Peer } from "./connection/peer.ts";
export { createStaticRegistry, type StaticRegistryOptions } from "./discovery/static-registry.ts";
export {
  decodeMemberValue,
  encodeMemberValue,
  readMemberValue,
  type MemberValueLimits,
  memberKey,
  serviceKeyPrefix,
  type AnnounceOptions,
  type Announcement,
  type MembershipEvent,
  type Registry,
  type ServiceMember,
  type ServiceWatch,
  type WatchOptions,
} from "./discovery/registry.ts";
export type { ServiceTarget, ServiceTargetEvent, ServiceTargetMember, ServiceTargetOptions } from "./discovery/service-target.ts";
export type { OutlierOptions } from "./discovery/outlier-detector.ts";
export type { BalanceMember, BalanceName, Balancer, KeyOf } from "./discovery/balance.ts";
export { createHashRing, hash32, RING_POINTS, type HashRing } from "./discovery/hash-ring.ts";
export type { DrainOptions } from "./node/drain.ts";
export type { RequestOf } from "./node/cluster-node.ts";
export { composeInterceptors } from "./call/interceptor.ts";
export type { Awaitable, ClientCallContext, Interceptor, InterceptorContext, Next, ServerCallContext } from "./call/interceptor.ts";
export type { CallOutcome, ClusterMetrics, MethodLabels, MethodMetrics } from "./observability/metrics-hook.ts";
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
