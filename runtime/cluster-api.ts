/**
 * Public barrel of the cluster runtime (re-exported by runtime/index.ts).
 */
export { createCluster, listenerAddress } from "./cluster.ts";
export { ClusterError, CLUSTER_ERROR_CODES, isClusterError } from "./errors.ts";
export type { ClusterErrorCode, ClusterErrorOptions } from "./errors.ts";
export {
  createFramer,
  MAX_SESSION,
  RESPONSE_FLAG,
  REQUEST_OVERHEAD,
  RESPONSE_OVERHEAD,
  V070_MAX_LEN,
  V071_DEFAULT_MAX_LEN,
} from "./framing.ts";
export type { Frame, FrameDecoder, Framer, FramerOptions, RequestFrame, ResponseFrame, WireVersion } from "./framing.ts";
export { createConsoleLogger, createSilentLogger } from "./logger.ts";
export type { Logger, LogFields } from "./logger.ts";
export type { ClusterLimits, ClusterOptions, MarshalType } from "./options.ts";
export { createBackoff } from "./reconnect.ts";
export type { Backoff, BackoffOptions } from "./reconnect.ts";
export { createRootTraceId, currentTraceId, runWithTrace, traceRoot } from "./trace.ts";
export { createTcpTransport } from "./transport.ts";
export { createTlsTransport, type TlsMaterial, type TlsTransportOptions } from "./tls.ts";
export type { Transport, TransportConnectOptions, TransportListenOptions, TransportServer } from "./transport.ts";
export { parseAddress, formatAddress } from "./address.ts";
export type { HostPort } from "./address.ts";
export type { CallContext, CallOptions, ClusterNode, ClusterStats, Listener, Peer, RawHandler } from "./types.ts";
export { createStaticRegistry, type StaticRegistryOptions } from "./discovery/static-registry.ts";
export {
  decodeMemberValue,
  encodeMemberValue,
  memberKey,
  serviceKeyPrefix,
  type AnnounceOptions,
  type Announcement,
  type MembershipEvent,
  type Registry,
  type ServiceMember,
  type ServiceWatch,
} from "./discovery/registry.ts";
export type { ServiceTarget, ServiceTargetEvent, ServiceTargetMember, ServiceTargetOptions } from "./discovery/service-target.ts";
export type { BalanceMember, BalanceName, Balancer, KeyOf } from "./discovery/balance.ts";
export { createHashRing, hash32, RING_POINTS, type HashRing } from "./discovery/hash-ring.ts";
export type { DrainOptions } from "./discovery/drain.ts";
export type { RequestOf } from "./types.ts";
export { composeInterceptors } from "./interceptor.ts";
export type { Awaitable, ClientCallContext, Interceptor, InterceptorContext, Next, ServerCallContext } from "./interceptor.ts";
export type { CallOutcome, ClusterMetrics, MethodLabels, MethodMetrics } from "./metrics.ts";
