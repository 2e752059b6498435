/**
 * Cluster options (mirroring silly's `cluster.serve{}`), their defaults and validation.
 */
import type { Registry } from "../discovery/registry.ts";
import { ClusterError } from "../core/errors.ts";
import type { WireVersion } from "../wire/framer.ts";
import { resolveLimits, type ClusterLimits, type ResolvedLimits } from "../connection/limits.ts";
import { checkInterceptors, type Interceptor } from "../call/interceptor.ts";
import { createConsoleLogger, type Logger } from "../core/logger.ts";
import { guardLogger, resolveLogRate, type LogRateOptions } from "../core/guarded-logger.ts";
import { checkMetrics, type ClusterMetrics } from "../observability/metrics-hook.ts";
import { guardMetrics } from "../observability/guarded-metrics.ts";
import { validateBackoff, type BackoffOptions } from "../core/backoff.ts";
import { createTcpTransport, type Transport } from "../transport/tcp.ts";
import type { CallContext } from "../call/handler.ts";
import type { Peer } from "../connection/peer.ts";
import { checkIdleProbe, type IdleProbeOptions } from "../connection/idle-probe.ts";

/** What `marshal`/`unmarshal` are converting. */
export type MarshalType = "request" | "response";

/** Options for createCluster. */
export interface ClusterOptions {
  /** Wire version; default "silly-0.7.0". */
  readonly wire?: WireVersion;
  /** This node's id (0..65535), the low 16 bits of the trace ids it makes; default 0. */
  readonly nodeId?: number;
  /** Default call timeout in ms (0 = none); default 5000. */
  readonly timeout?: number;
  /** TCP connect timeout in ms; default 3000. A connect into a black hole fails after it (not the kernel's two minutes). */
  readonly connectTimeout?: number;
  /**
   * TCP keepalive on every connection: the idle time in ms after which the kernel starts probing
   * the other end (then every second, 10 probes: Node's settings), so a connection to a host that
   * dropped off the network is closed within about idle + 10 s when nothing is in flight on it;
   * default 5000; 0 = off.
   */
  readonly keepAlive?: number;
  /**
   * Idle probe of the connections this node opens (off by default): after `interval` ms without
   * a byte received, a one-way request for a cmd no schema uses; a peer that answered one before
   * and is silent for `timeout` ms is disconnected. clusterc nodes answer it; silly nodes log an
   * error and ignore it, and are not probed again (see idle-probe.ts).
   */
  readonly idleProbe?: IdleProbeOptions;
  /**
   * How long closing a connection (`close(peer)`, closing a listener, `shutdown()`) waits, in ms, for
   * the frames already sent to be flushed to the peer before the socket is destroyed; default 5000;
   * 0 = destroy at once (unflushed frames are lost).
   */
  readonly closeTimeout?: number;
  /** "eager" (default): connect() resolves once connected. "lazy": connect() returns at once; first use connects. */
  readonly connectMode?: "eager" | "lazy";
  /** Turns a call's (cmd, body) into the wire cmd number and bytes. Without it bodies are Uint8Array. */
  readonly marshal?: (type: MarshalType, cmd: number | string, body: unknown) => readonly [number, Uint8Array];
  /** Turns received bytes into a body. */
  readonly unmarshal?: (type: MarshalType, cmd: number, bytes: Uint8Array) => unknown;
  /** Request handler for cmds without a `handle()` registration; `undefined` result sends no response. */
  readonly call?: (peer: Peer, cmd: number, body: unknown, ctx: CallContext) => unknown;
  /** Admission hook for accepted connections: return (or resolve) false, or throw, to refuse. */
  readonly accept?: (peer: Peer, addr: string) => boolean | void | Promise<boolean | void>;
  /** Called once per lost connection with a reason (remote close, protocol error, local close, …). */
  readonly close?: (peer: Peer, reason: string) => void;
  /**
   * Logger; default a quiet console logger (warn/error only). The node never lets a throw from it
   * through, and bounds floods: see `logRate`.
   */
  readonly logger?: Logger;
  /**
   * At most `burst` info/warn/error lines of one message per `interval` ms (default 10 per 10000 ms);
   * the rest are counted and reported as one line when the interval ends.
   */
  readonly logRate?: LogRateOptions;
  /** Size/count/time limits. */
  readonly limits?: ClusterLimits;
  /** Reconnect backoff for peers from connect(). */
  readonly reconnect?: BackoffOptions;
  /** Socket factory; default plain TCP. */
  readonly transport?: Transport;
  /** Granularity of call timeouts in ms; default 10. */
  readonly timerResolution?: number;
  /** First session number of each new connection (a test seam for the wrap at 0x7fffffff); default 0. */
  readonly firstSession?: number;
  /**
   * Interceptors around every call this node makes and every request it handles (typed or raw),
   * outermost first; typed clients and services add their own inside these. Default none.
   */
  readonly interceptors?: readonly Interceptor[];
  /**
   * Handler timeout in ms (0 = none, the default): a handler still running after it is abandoned —
   * `ctx.signal` aborts, a warning is logged, and its result is never sent. `serveService` can set
   * one per service.
   */
  readonly handlerTimeout?: number;
  /**
   * Metrics hook (per-method calls, outcomes, latency, in-flight; bytes; connections; reconnects). Default
   * none. A throw from any of its callbacks is logged once and disables the hook for this node.
   */
  readonly metrics?: ClusterMetrics;
  /**
   * Service registry: where `service()` finds members by default, and what `drain()` withdraws this
   * node's listeners from. Default none.
   */
  readonly registry?: Registry;
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  /** See ClusterOptions. */
  readonly wire: WireVersion;
  /** See ClusterOptions. */
  readonly nodeId: number;
  /** See ClusterOptions. */
  readonly timeout: number;
  /** See ClusterOptions. */
  readonly connectTimeout: number;
  /** See ClusterOptions. */
  readonly keepAlive: number;
  /** See ClusterOptions (undefined: off). */
  readonly idleProbe: Required<IdleProbeOptions> | undefined;
  /** See ClusterOptions. */
  readonly closeTimeout: number;
  /** See ClusterOptions. */
  readonly connectMode: "eager" | "lazy";
  /** See ClusterOptions. */
  readonly logger: Logger;
  /** See ClusterOptions. */
  readonly limits: ResolvedLimits;
  /** See ClusterOptions. */
  readonly reconnect: BackoffOptions;
  /** See ClusterOptions. */
  readonly transport: Transport;
  /** See ClusterOptions. */
  readonly timerResolution: number;
  /** See ClusterOptions. */
  readonly firstSession: number;
  /** See ClusterOptions (empty when none). */
  readonly interceptors: readonly Interceptor[];
  /** See ClusterOptions. */
  readonly handlerTimeout: number;
  /** See ClusterOptions. */
  readonly metrics: ClusterMetrics | undefined;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new ClusterError("invalid-argument", message);
}

function nonNegative(name: string, value: number): void {
  check(typeof value === "number" && value >= 0 && !Number.isNaN(value), `${name} must be a number >= 0, got ${String(value)}`);
}

/** Applies defaults and validates everything (throws `invalid-argument`). */
export function resolveOptions(options: ClusterOptions): ResolvedOptions {
  const wire = options.wire ?? "silly-0.7.0";
  check(wire === "silly-0.7.0" || wire === "silly-0.7.1", `wire must be "silly-0.7.0" or "silly-0.7.1", got "${String(wire)}"`);
  const nodeId = options.nodeId ?? 0;
  check(Number.isInteger(nodeId) && nodeId >= 0 && nodeId <= 0xffff, `nodeId must be an integer in 0..65535, got ${String(nodeId)}`);
  const timeout = options.timeout ?? 5000;
  nonNegative("timeout", timeout);
  const connectTimeout = options.connectTimeout ?? 3000;
  nonNegative("connectTimeout", connectTimeout);
  const keepAlive = options.keepAlive ?? 5000;
  nonNegative("keepAlive", keepAlive);
  check(Number.isFinite(keepAlive), "keepAlive must be finite (0 turns it off)");
  const closeTimeout = options.closeTimeout ?? 5000;
  nonNegative("closeTimeout", closeTimeout);
  const connectMode = options.connectMode ?? "eager";
  check(connectMode === "eager" || connectMode === "lazy", `connectMode must be "eager" or "lazy"`);
  const timerResolution = options.timerResolution ?? 10;
  check(timerResolution > 0, `timerResolution must be > 0`);
  const firstSession = options.firstSession ?? 0;
  check(Number.isInteger(firstSession) && firstSession >= 0 && firstSession <= 0x7fffffff, `firstSession must be in 0..0x7fffffff`);
  check((options.marshal === undefined) === (options.unmarshal === undefined), "marshal and unmarshal must be given together");
  const reconnect = options.reconnect ?? {};
  validateBackoff(reconnect);
  const registry = options.registry;
  const isRegistry = typeof registry === "object" && registry !== null && typeof registry.watch === "function";
  check(
    registry === undefined || (isRegistry && typeof registry.withdraw === "function"),
    "registry must be a Registry (createStaticRegistry(), createEtcdRegistry())",
  );
  const handlerTimeout = options.handlerTimeout ?? 0;
  nonNegative("handlerTimeout", handlerTimeout);
  const logger = guardLogger(options.logger ?? createConsoleLogger(), resolveLogRate(options.logRate));
  const metrics = checkMetrics(options.metrics);
  return {
    wire,
    nodeId,
    timeout,
    connectTimeout,
    keepAlive,
    idleProbe: checkIdleProbe(options.idleProbe),
    closeTimeout,
    connectMode,
    logger,
    limits: resolveLimits(wire, options.limits),
    reconnect,
    transport: options.transport ?? createTcpTransport(),
    timerResolution,
    firstSession,
    interceptors: checkInterceptors(options.interceptors, "interceptors"),
    handlerTimeout,
    metrics: metrics === undefined ? undefined : guardMetrics(metrics, logger),
  };
}
