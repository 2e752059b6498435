/**
 * createCluster: the node that listens, connects, calls and serves.
 */
import { formatAddress, parseAddress } from "../core/address.ts";
import { isUint8Array } from "../core/bytes.ts";
import { callOptionsError } from "../call/options.ts";
import { ENCODED_CALL, type EncodedCallPath, type RequestEncoder } from "./encoded-call.ts";
import { Connection, type ConnectionHost } from "../connection/connection.ts";
import { createTimerWheel, now, withDeadline, abortError, type TimerWheel } from "../core/deadline.ts";
import { createDispatcher, type Dispatcher } from "./dispatch.ts";
import { drainNode, resolveDrainOptions, type DrainOptions } from "./drain.ts";
import { createMemberLink, type MemberHost } from "../discovery/member-link.ts";
import { ServiceTargetImpl, type ServiceTarget, type ServiceTargetOptions } from "../discovery/service-target.ts";
import { ClusterError } from "../core/errors.ts";
import { suspectWireMessage } from "../connection/wire-suspicion.ts";
import { startIdleProbe } from "../connection/idle-probe.ts";
import { createFramer, type Framer, type RequestFrame, type TraceWriter } from "../wire/framer.ts";
import {
  interceptCallOption,
  interceptHandler,
  interceptRaw,
  isActive,
  NODE_INTERCEPTION,
  type NodeInterception,
} from "./instrumentation.ts";
import { ListenerImpl, remoteAddressOf } from "../connection/listener.ts";
import type { Logger } from "../core/logger.ts";
import { resolveOptions, type ClusterOptions, type ResolvedOptions } from "./cluster-options.ts";
import type { ResolvedLimits } from "../connection/limits.ts";
import type { ClusterMetrics } from "../observability/metrics-hook.ts";
import { MetricsClock } from "../observability/metrics-clock.ts";
import { PeerImpl } from "../connection/peer.ts";
import { abortRequestsOf, type HandlingTally } from "../call/request-context.ts";
import type { ServiceDescriptor } from "../call/descriptor.ts";
import type { ResponseDecoder } from "../connection/sessions.ts";
import { currentTraceId, writeOutgoingTraceId } from "../core/trace.ts";
import type { CallOptions } from "../call/options.ts";
import type { ClusterNode, ClusterStats } from "./cluster-node.ts";
import type { Listener } from "../connection/listener.ts";
import type { Peer } from "../connection/peer.ts";
import type { RawHandler } from "../call/handler.ts";
import type { Socket } from "node:net";

/** Creates a cluster node (several may live in one process). Throws `invalid-argument` on bad options. */
export function createCluster(options: ClusterOptions = {}): ClusterNode {
  return new Node(options);
}

class Node implements ClusterNode, ConnectionHost, EncodedCallPath {
  readonly framer: Framer;
  readonly wheel: TimerWheel;
  readonly logger: Logger;
  readonly limits: ResolvedLimits;
  readonly firstSession: number;
  readonly defaultTimeout: number;
  readonly closeTimeout: number;
  bufferedBytes = 0;
  private readonly user: ClusterOptions;
  private readonly opts: ResolvedOptions;
  private readonly handlers = new Map<number, RawHandler>();
  private readonly peerSet = new Set<PeerImpl>();
  private readonly listenerSet = new Set<ListenerImpl>();
  private readonly conns = new Set<Connection>();
  private readonly connListener = new Map<Connection, ListenerImpl>();
  private readonly dispatcher: Dispatcher;
  private readonly traceWriter: TraceWriter;
  /** The peer that last passed {@link peerOf} (a checked PeerImpl of this node). */
  private lastPeer: PeerImpl | null = null;
  private readonly dialFn = (peer: PeerImpl, signal: AbortSignal): Promise<Connection> => this.dial(peer, signal);
  /** What the typed layer needs to apply this node's interceptors and metrics (see interception.ts). */
  readonly [NODE_INTERCEPTION]: NodeInterception;
  /** The metrics hook, if any. */
  private readonly metrics: ClusterMetrics | undefined;
  /** Connect-origin peers that have had a connection (to tell reconnects; only kept with metrics). */
  private readonly dialed = new WeakSet<PeerImpl>();
  /** The clock of the metrics (only used with a metrics hook). */
  private readonly metricsClock: MetricsClock;
  /** ConnectionHost: counts bytes read and written (set only with a metrics hook). */
  readonly countBytes: ((direction: "in" | "out", count: number) => void) | undefined;
  /** Requests whose handler is running, and requests received so far (for drain). */
  private readonly tally: HandlingTally = { running: 0 };
  private received = 0;
  private draining: Promise<void> | null = null;
  /** Set when shutdown() starts: from then on connect, listen, calls, sends and service() fail `node-closed`. */
  private shut = false;
  private shuttingDown: Promise<void> | null = null;
  /** Service targets made by service(), closed by shutdown(). */
  private readonly targets = new Set<ServiceTargetImpl>();
  /** Member peers of service targets → what to tell their target when their connection is lost. */
  private readonly memberLost = new Map<PeerImpl, (reason: string) => void>();

  constructor(options: ClusterOptions) {
    this.user = options;
    this.opts = resolveOptions(options);
    this.logger = this.opts.logger;
    this.limits = this.opts.limits;
    this.firstSession = this.opts.firstSession;
    this.defaultTimeout = this.opts.timeout;
    this.closeTimeout = this.opts.closeTimeout;
    this.framer = createFramer({ wire: this.opts.wire, maxFrameBytes: this.limits.maxFrameBytes });
    this.wheel = createTimerWheel({ resolution: this.opts.timerResolution });
    const nodeId = this.opts.nodeId;
    this.traceWriter = (target, offset) => writeOutgoingTraceId(target, offset, nodeId);
    const metrics = this.opts.metrics;
    this.metrics = metrics;
    // With metrics, every received chunk and every write is told to the metrics clock (see metrics-clock.ts).
    const clock = new MetricsClock();
    this.metricsClock = clock;
    this.countBytes =
      metrics === undefined
        ? undefined
        : (direction, count) => {
            if (direction === "in") clock.chunk();
            else clock.wrote();
            metrics.bytes?.(direction, count);
          };
    const interception: NodeInterception = {
      nodeId,
      interceptors: this.opts.interceptors,
      metrics,
      clock,
      callRaw: (peer, cmd, body, opts, decode) => this.callDecoded(peer, cmd, body, opts, decode),
      sendRaw: (peer, cmd, body, request) => this.sendRouted(peer, cmd, body, request === undefined ? body : request),
    };
    this[NODE_INTERCEPTION] = interception;
    const active = isActive(interception);
    if (active) {
      // Decided once here: a node without interceptors and metrics keeps its plain methods.
      const raw = interceptRaw(interception);
      this.callRaw = raw.callRaw;
      this.sendRaw = raw.sendRaw;
    }
    const call = options.call;
    this.dispatcher = createDispatcher({
      handlers: this.handlers,
      options,
      logger: this.logger,
      wheel: this.wheel,
      handlerTimeout: this.opts.handlerTimeout,
      tally: this.tally,
      ...(active && call !== undefined ? { call: interceptCallOption(interception, call) } : {}),
    });
  }

  // ---- ConnectionHost ----

  onRequest(conn: Connection, frame: RequestFrame): void {
    this.received++;
    this.dispatcher(conn, frame);
  }

  onClosed(conn: Connection, reason: string): void {
    this.conns.delete(conn);
    abortRequestsOf(conn, reason);
    const listener = this.connListener.get(conn);
    if (listener !== undefined) {
      this.connListener.delete(conn);
      listener.conns.delete(conn);
    }
    const peer = conn.owner as PeerImpl | undefined;
    if (peer === undefined) return;
    if (peer.detach(conn) && !peer.wireWarned) {
      peer.wireWarned = true;
      this.logger.warn(suspectWireMessage(this.opts.wire, "closed"), { peer: peer.address, reason });
    }
    this.memberLost.get(peer)?.(reason);
    if (peer.origin === "accept") this.peerSet.delete(peer);
    if (this.metrics !== undefined) {
      this.metricsClock.wrote();
      this.metrics.connectionClosed?.(peer.origin, reason);
    }
    this.logger.debug("connection closed", { peer: peer.address, reason });
    const hook = this.user.close;
    if (hook !== undefined) {
      try {
        hook(peer, reason);
      } catch (error) {
        this.logger.error("close callback failed", { peer: peer.address, error });
      }
    }
  }

  // ---- listening ----

  async listen(addr: string, opts: { backlog?: number } = {}): Promise<Listener> {
    this.checkOpen("listen");
    const where = parseAddress(addr);
    const listener = new ListenerImpl(this, this.opts.wire);
    const server = await this.opts.transport.listen({ host: where.host, port: where.port, backlog: opts.backlog }, (socket) =>
      this.onAccept(listener, socket),
    );
    listener.bind(server);
    if (this.shut) {
      // Shut down while binding: no listener may outlive the node.
      await listener.close();
      throw this.closedError("listen");
    }
    this.listenerSet.add(listener);
    return listener;
  }

  private onAccept(listener: ListenerImpl, socket: Socket): void {
    if (listener.closed || this.draining !== null) {
      socket.destroy();
      return;
    }
    const remote = remoteAddressOf(socket);
    if (listener.conns.size >= this.limits.maxConnections) {
      this.logger.warn("connection limit reached, connection closed", { peer: remote, limit: this.limits.maxConnections });
      socket.destroy();
      return;
    }
    const peer = new PeerImpl({ address: remote, origin: "accept", node: this });
    this.keepAlive(socket);
    const conn = new Connection({ socket, host: this, peer: remote });
    conn.owner = peer;
    peer.connection = conn;
    this.conns.add(conn);
    this.metrics?.connectionOpened?.("accept");
    this.connListener.set(conn, listener);
    listener.conns.add(conn);
    this.peerSet.add(peer);
    const hook = this.user.accept;
    if (hook === undefined) {
      conn.start();
      return;
    }
    const refuse = (error?: unknown): void => {
      this.logger.warn("connection refused by accept hook", { peer: remote, error });
      conn.close("refused by accept hook", "refused");
    };
    let verdict: boolean | void | Promise<boolean | void>;
    try {
      verdict = hook(peer, remote);
    } catch (error) {
      refuse(error);
      return;
    }
    if (verdict instanceof Promise) {
      verdict.then((ok) => (ok === false ? refuse() : conn.start()), refuse);
    } else if (verdict === false) {
      refuse();
    } else {
      conn.start();
    }
  }

  /** Turns TCP keepalive on for a new connection's socket (see ClusterOptions.keepAlive). */
  private keepAlive(socket: Socket): void {
    const idle = this.opts.keepAlive;
    if (idle > 0) socket.setKeepAlive(true, idle);
  }

  // ---- connecting ----

  async connect(addr: string): Promise<Peer> {
    this.checkOpen("connect");
    const target = parseAddress(addr);
    const peer = new PeerImpl({
      address: addr,
      origin: "connect",
      target,
      dial: this.dialFn,
      reconnect: this.opts.reconnect,
      node: this,
    });
    this.peerSet.add(peer);
    if (this.opts.connectMode === "lazy") return peer;
    try {
      await peer.acquire();
    } catch (error) {
      this.peerSet.delete(peer);
      void peer.close();
      if (this.shut) throw this.closedError("connect");
      throw ClusterError.from(error, "connect-failed");
    }
    return peer;
  }

  /** Throws `node-closed` once shutdown() has started. */
  private checkOpen(what: string): void {
    if (this.shut) throw this.closedError(what);
  }

  private closedError(what: string): ClusterError {
    return new ClusterError("node-closed", `${what} on a node that was shut down`);
  }

  private async dial(peer: PeerImpl, signal: AbortSignal): Promise<Connection> {
    const target = peer.target;
    if (target === undefined) throw new ClusterError("internal", "peer has no address to dial", { peer: peer.address });
    const socket = await this.opts.transport.connect({
      host: target.host,
      port: target.port,
      timeout: this.opts.connectTimeout,
      signal,
    });
    this.keepAlive(socket);
    const conn = new Connection({ socket, host: this, peer: peer.address });
    conn.owner = peer;
    this.conns.add(conn);
    const metrics = this.metrics;
    if (metrics !== undefined) {
      metrics.connectionOpened?.("connect");
      if (this.dialed.has(peer)) metrics.reconnected?.(peer.address);
      else this.dialed.add(peer);
    }
    conn.start();
    const probe = this.opts.idleProbe;
    if (probe !== undefined) startIdleProbe(conn, probe, this.traceWriter, this.logger);
    return conn;
  }

  // ---- calling ----

  private peerOf(peer: Peer): PeerImpl {
    // The last peer checked passes without the instanceof (a generic, costly check per call).
    const last = this.lastPeer;
    if (peer === last && last !== null) return last;
    if (peer instanceof PeerImpl && peer.node === this) {
      this.lastPeer = peer;
      return peer;
    }
    throw new ClusterError("invalid-argument", "not a peer of this node");
  }

  callRaw(peer: Peer, cmd: number, body: Uint8Array, opts?: CallOptions): Promise<Uint8Array> {
    return this.callDecoded<Uint8Array>(peer, cmd, body, opts, undefined);
  }

  /**
   * callRaw that settles with `decode.decodePacked(body)` (run when the response arrives), or the
   * body without `decode`. `share`: this attempt's timeout instead of the options' (the first
   * attempt of an idempotent call through a service target, see ServiceTargetImpl.callFirst).
   */
  callDecoded<T>(
    peer: Peer,
    cmd: number,
    body: Uint8Array,
    opts: CallOptions | undefined,
    decode: ResponseDecoder<T> | undefined,
    share?: number,
  ): Promise<T> {
    try {
      if (peer !== this.lastPeer && peer instanceof ServiceTargetImpl) {
        if (opts?.idempotent !== true) {
          const member = peer.pick(body, cmd);
          if (member !== null) return this.callDecoded(member, cmd, body, opts, decode);
        } else {
          // The first attempt on pick()'s member at once; a retry (on another member) only after it failed.
          const first = peer.callFirst(body, cmd, opts, (m, o, t) => this.callDecoded(m, cmd, body, o, decode, t));
          if (first !== null) return first;
        }
        this.checkOpen("call");
        return peer.route(body, cmd, opts, (m, o) => this.callDecoded(m, cmd, body, o, decode));
      }
      const p = this.peerOf(peer);
      checkRaw(cmd, body);
      let timeout = this.defaultTimeout;
      let signal: AbortSignal | undefined;
      if (opts != null) {
        const bad = callOptionsError(opts);
        if (bad !== undefined) throw bad;
        timeout = share ?? opts.timeout ?? timeout;
        signal = opts.signal ?? undefined;
        if (signal?.aborted) throw abortError(signal, p.address);
      }
      const open = p.connection;
      if (open !== null && !open.closed) return open.call(cmd, body, this.traceWriter, timeout, signal, decode);
      this.checkOpen("call");
      const conn = p.acquire();
      if (conn instanceof Connection) return conn.call(cmd, body, this.traceWriter, timeout, signal, decode);
      return this.callSlow(p, conn, { cmd, body, timeout, signal, decode });
    } catch (error) {
      return Promise.reject(ClusterError.from(error));
    }
  }

  /**
   * callDecoded with the body encoded by `encoder` straight into the connection's output buffer
   * when the peer is this node's and connected (the common case); otherwise `encoder.encodePacked`
   * then {@link callDecoded}, so every failure comes out in the same order as there. `share`: as
   * for callDecoded.
   */
  [ENCODED_CALL]<Req, T>(
    peer: Peer,
    cmd: number,
    encoder: RequestEncoder<Req>,
    value: Req,
    opts: CallOptions | undefined,
    decode: ResponseDecoder<T>,
    share?: number,
  ): Promise<T> {
    const last = this.lastPeer;
    const p = peer === last && last !== null ? last : peer instanceof PeerImpl && peer.node === this ? peer : null;
    if (p === null && peer instanceof ServiceTargetImpl) {
      if (opts?.idempotent !== true) {
        const member = peer.pick(value, cmd);
        if (member !== null) return this[ENCODED_CALL](member, cmd, encoder, value, opts, decode);
      } else {
        // The first attempt on pick()'s member at once; a retry (on another member) only after it failed.
        const first = peer.callFirst(value, cmd, opts, (m, o, t) => this[ENCODED_CALL](m, cmd, encoder, value, o, decode, t));
        if (first !== null) return first;
      }
      if (this.shut) return Promise.reject(this.closedError("call"));
      return peer.route(value, cmd, opts, (m, o) => this[ENCODED_CALL](m, cmd, encoder, value, o, decode));
    }
    const open = p === null ? null : p.connection;
    if (
      open === null ||
      open.closed ||
      cmd !== cmd >>> 0 ||
      // Options that are invalid (or a fired signal) take the slow path, which rejects them as callDecoded does.
      (opts != null && (opts.signal?.aborted === true || callOptionsError(opts) !== undefined)) ||
      typeof encoder.encodePackedTo !== "function"
    ) {
      let body: Uint8Array;
      try {
        body = encoder.encodePacked(value);
      } catch (error) {
        return Promise.reject(error);
      }
      return this.callDecoded(peer, cmd, body, opts, decode, share);
    }
    this.lastPeer = p;
    let timeout = this.defaultTimeout;
    let signal: AbortSignal | undefined;
    if (opts != null) {
      timeout = share ?? opts.timeout ?? timeout;
      signal = opts.signal ?? undefined;
    }
    try {
      return open.callEncoded(cmd, encoder, value, this.traceWriter, timeout, signal, decode);
    } catch (error) {
      // What the connection throws is a ClusterError already; what the encoder throws is passed on as it is.
      return Promise.reject(error);
    }
  }

  private async callSlow<T>(
    peer: PeerImpl,
    connecting: Promise<Connection>,
    call: {
      cmd: number;
      body: Uint8Array;
      timeout: number;
      signal: AbortSignal | undefined;
      decode: ResponseDecoder<T> | undefined;
    },
  ): Promise<T> {
    const start = now();
    const conn = await withDeadline(connecting, {
      timeout: call.timeout,
      signal: call.signal,
      peer: peer.address,
      what: "call (while connecting)",
    });
    let timeout = call.timeout;
    if (timeout > 0 && Number.isFinite(timeout)) {
      timeout -= now() - start;
      if (timeout <= 0) throw new ClusterError("timeout", `call timed out after ${call.timeout} ms`, { peer: peer.address });
    }
    return conn.call(call.cmd, call.body, this.traceWriter, timeout, call.signal, call.decode);
  }

  sendRaw(peer: Peer, cmd: number, body: Uint8Array): Promise<void> {
    return this.sendRouted(peer, cmd, body, body);
  }

  /**
   * The plain one-way send (no interceptors, no metrics): `request` is what a service target's
   * balancer sees (a keyed target's `key` reads it): the body bytes for raw sends, the request
   * object for typed ones, as for calls.
   */
  private sendRouted(peer: Peer, cmd: number, body: Uint8Array, request: unknown): Promise<void> {
    try {
      if (peer instanceof ServiceTargetImpl) {
        // The plain path, not this.sendRaw: interceptors (if any) already ran for the target.
        const send = (m: Peer): Promise<void> => this.sendRouted(m, cmd, body, request);
        const member = peer.pick(request, cmd);
        if (member !== null) return send(member);
        this.checkOpen("send");
        return peer.route(request, cmd, undefined, send);
      }
      const p = this.peerOf(peer);
      checkRaw(cmd, body);
      const open = p.connection;
      if (open === null || open.closed) this.checkOpen("send");
      const conn = p.acquire();
      if (conn instanceof Connection) {
        conn.send(cmd, body, this.traceWriter);
        return Promise.resolve();
      }
      return conn.then((c) => c.send(cmd, body, this.traceWriter));
    } catch (error) {
      return Promise.reject(ClusterError.from(error));
    }
  }

  call(peer: Peer, cmd: number | string, body: unknown, opts?: CallOptions): Promise<unknown> {
    const { marshal, unmarshal } = this.user;
    if (marshal === undefined || unmarshal === undefined) return this.callRaw(peer, cmd as number, body as Uint8Array, opts);
    let wire: readonly [number, Uint8Array];
    try {
      wire = marshal("request", cmd, body);
    } catch (error) {
      return Promise.reject(new ClusterError("marshal-failed", `marshal of request ${String(cmd)} failed`, { cause: error }));
    }
    const wireCmd = wire[0];
    return this.callRaw(peer, wireCmd, wire[1], opts).then((bytes) => {
      try {
        return unmarshal("response", wireCmd, bytes);
      } catch (error) {
        throw new ClusterError("marshal-failed", `unmarshal of response ${wireCmd} failed`, {
          peer: peer.address,
          cause: error,
        });
      }
    });
  }

  send(peer: Peer, cmd: number | string, body: unknown): Promise<void> {
    const marshal = this.user.marshal;
    if (marshal === undefined) return this.sendRaw(peer, cmd as number, body as Uint8Array);
    let wire: readonly [number, Uint8Array];
    try {
      wire = marshal("request", cmd, body);
    } catch (error) {
      return Promise.reject(new ClusterError("marshal-failed", `marshal of request ${String(cmd)} failed`, { cause: error }));
    }
    return this.sendRaw(peer, wire[0], wire[1]);
  }

  handle(cmd: number, handler: RawHandler): () => void {
    if (!Number.isInteger(cmd) || cmd < 0 || cmd > 0xffffffff) {
      throw new ClusterError("invalid-argument", `cmd must be a u32, got ${String(cmd)}`);
    }
    if (this.handlers.has(cmd)) throw new ClusterError("invalid-argument", `a handler for cmd ${cmd} is already registered`);
    const interception = this[NODE_INTERCEPTION];
    const registered = isActive(interception) ? interceptHandler(interception, cmd, handler) : handler;
    this.handlers.set(cmd, registered);
    return () => {
      if (this.handlers.get(cmd) === registered) this.handlers.delete(cmd);
    };
  }

  // ---- service discovery ----

  service(service: ServiceDescriptor | string, options: ServiceTargetOptions<never> = {}): ServiceTarget {
    this.checkOpen("service()");
    const name = typeof service === "string" ? service : service?.name;
    const registry = options.registry ?? this.user.registry;
    if (registry === undefined) {
      throw new ClusterError("invalid-argument", "service() needs a registry: createCluster({ registry }) or { registry }");
    }
    const host: MemberHost = {
      wire: this.opts.wire,
      logger: this.logger,
      defaultTimeout: this.defaultTimeout,
      openMember: (addr, onLost) => {
        const peer = new PeerImpl({
          address: addr,
          origin: "connect",
          target: parseAddress(addr),
          dial: this.dialFn,
          reconnect: this.opts.reconnect,
          node: this,
        });
        this.peerSet.add(peer);
        this.memberLost.set(peer, onLost);
        return createMemberLink(peer, () => {
          this.memberLost.delete(peer);
          this.peerSet.delete(peer);
        });
      },
      closed: (target) => this.targets.delete(target as ServiceTargetImpl),
    };
    const target = new ServiceTargetImpl(host, name as string, registry, options);
    this.targets.add(target);
    return target;
  }

  drain(options?: DrainOptions): Promise<void> {
    if (this.draining !== null) return this.draining;
    let resolved: Required<DrainOptions>;
    try {
      resolved = resolveDrainOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    this.draining = drainNode(
      {
        registry: this.user.registry,
        logger: this.logger,
        listeners: () => this.listeners(),
        stopAccepting: () => Promise.all([...this.listenerSet].map((l) => l.stopAccepting())).then(() => undefined),
        handling: () => this.tally.running,
        received: () => this.received,
        shutdown: () => this.shutdown(),
      },
      resolved,
    );
    return this.draining;
  }

  // ---- closing ----

  async close(target: Peer | Listener): Promise<void> {
    if (target instanceof ServiceTargetImpl) {
      await target.close();
      return;
    }
    if (target instanceof ListenerImpl && target.node === this) {
      this.listenerSet.delete(target);
      await target.close();
      return;
    }
    const peer = this.peerOf(target as Peer);
    this.peerSet.delete(peer);
    await peer.close();
  }

  shutdown(): Promise<void> {
    this.shut = true;
    this.shuttingDown ??= this.closeEverything();
    return this.shuttingDown;
  }

  private async closeEverything(): Promise<void> {
    // All at once: each close may wait up to closeTimeout for its queued frames to be flushed.
    const closing = [...this.targets].map((t) => this.close(t));
    for (const l of [...this.listenerSet]) closing.push(this.close(l));
    for (const peer of [...this.peerSet]) closing.push(this.close(peer));
    await Promise.all(closing);
  }

  closeAll(): Promise<void> {
    return this.shutdown();
  }

  // ---- introspection ----

  peers(): Peer[] {
    return [...this.peerSet].filter((p) => !p.closed);
  }

  listeners(): Listener[] {
    return [...this.listenerSet];
  }

  currentTraceId(): bigint | undefined {
    return currentTraceId();
  }

  stats(): ClusterStats {
    let pending = 0;
    let queuedBytes = 0;
    for (const conn of this.conns) {
      pending += conn.sessions.size;
      queuedBytes += conn.pendingWriteBytes;
    }
    return {
      pending,
      connections: this.conns.size,
      peers: this.peers().length,
      listeners: this.listenerSet.size,
      timers: this.wheel.size,
      queuedBytes,
      bufferedBytes: this.bufferedBytes,
    };
  }
}

function checkRaw(cmd: number, body: Uint8Array): void {
  if (!Number.isInteger(cmd) || cmd < 0 || cmd > 0xffffffff) {
    throw new ClusterError("invalid-argument", `cmd must be a u32 number, got ${String(cmd)}`);
  }
  if (!isUint8Array(body)) throw new ClusterError("invalid-argument", "body must be a Uint8Array");
}

/** Formats a listener's address as "host:port" (brackets for IPv6), for connect(). */
export function listenerAddress(listener: Listener): string {
  return formatAddress(listener.address);
}
