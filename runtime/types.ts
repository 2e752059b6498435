/**
 * Public interfaces of the cluster node (implementations are private classes).
 */
import type { Socket } from "node:net";
import type { HostPort } from "./address.ts";
import type { WireVersion } from "./framing.ts";
import type { DrainOptions } from "./discovery/drain.ts";
import type { ServiceTarget, ServiceTargetOptions } from "./discovery/service-target.ts";
import type { ServiceDescriptor } from "./rpc/descriptor.ts";
import type { MessageCodec } from "./zproto/codec.ts";

/** The other end of a connection (made by connect() or by accepting). */
export interface Peer {
  /** "host:port" given to connect(), or the remote address of an accepted connection. */
  readonly address: string;
  /** How the peer was made. */
  readonly origin: "connect" | "accept";
  /** True while a connection is open. */
  readonly connected: boolean;
  /** True once close() was called on it (or its accepted connection is gone). */
  readonly closed: boolean;
  /** The current socket (a tls.TLSSocket with a TLS transport), for admission by certificate; undefined when not connected. */
  readonly socket: Socket | undefined;
}

/** A listening socket. */
export interface Listener {
  /** The bound address (the real port when listening on port 0). */
  readonly address: HostPort;
  /** Currently open accepted connections. */
  readonly connections: number;
  /** True once closed. */
  readonly closed: boolean;
  /** The silly wire version of the node that listens (what an announcement of it publishes). */
  readonly wire: WireVersion;
}

/** What a request handler learns about the request. */
export interface CallContext {
  /** The peer the request came from (reply-capable: call it back through this peer). */
  readonly peer: Peer;
  /** Wire command number. */
  readonly cmd: number;
  /** The request's trace id (also the current trace inside the handler). */
  readonly traceId: bigint;
  /** The request's session id. */
  readonly session: number;
  /**
   * Aborts when the request's connection closes (peer gone, `close()`, `shutdown()`; reason: a
   * `closed` ClusterError) or the handler timeout passes (reason: a `timeout` ClusterError).
   * Made on first read: a handler that never reads it pays nothing for it.
   */
  readonly signal: AbortSignal;
}

/** Per-call options. */
export interface CallOptions {
  /** Timeout in ms (covers a reconnect too); default the node's `timeout`; 0 = none. */
  readonly timeout?: number;
  /** Cancels the call (rejects `aborted`). */
  readonly signal?: AbortSignal;
}

/** A raw request handler: body bytes in, response bytes (or undefined: no response) out. */
export type RawHandler = (body: Uint8Array, ctx: CallContext) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

/** Counters for tests and monitoring. */
export interface ClusterStats {
  /** Calls awaiting a response, all connections. */
  readonly pending: number;
  /** Open connections (both origins). */
  readonly connections: number;
  /** Known peers that are not closed. */
  readonly peers: number;
  /** Open listeners. */
  readonly listeners: number;
  /** Entries in the timeout wheel. */
  readonly timers: number;
  /** Outgoing bytes queued in user space, all connections. */
  readonly queuedBytes: number;
  /** Bytes held for incomplete incoming frames, all connections (bounded by `limits.maxBufferedBytes`). */
  readonly bufferedBytes: number;
}

/** A cluster node: listens, connects, calls and serves. */
export interface ClusterNode {
  /** Listens on "host:port" / "[v6]:port" (port 0 picks one). */
  listen(addr: string, opts?: { backlog?: number }): Promise<Listener>;
  /** A peer for "host:port": connected already (eager) or on first use (lazy), per `connectMode`. */
  connect(addr: string): Promise<Peer>;
  /** Calls through marshal/unmarshal; resolves with the unmarshalled response. */
  call(peer: Peer, cmd: number | string, body: unknown, opts?: CallOptions): Promise<unknown>;
  /** One-way request through marshal; resolves once the frame is queued for this tick's socket write. */
  send(peer: Peer, cmd: number | string, body: unknown): Promise<void>;
  /** Raw call: the body bytes are exactly what goes on the wire. */
  callRaw(peer: Peer, cmd: number, body: Uint8Array, opts?: CallOptions): Promise<Uint8Array>;
  /** Raw one-way request; resolves once the frame is queued for this tick's socket write. */
  sendRaw(peer: Peer, cmd: number, body: Uint8Array): Promise<void>;
  /** Registers a raw handler for one cmd (precedence over options.call); twice throws; returns an unregister function. */
  handle(cmd: number, handler: RawHandler): () => void;
  /**
   * A {@link ServiceTarget}: a peer standing for every live member of `service` (a generated
   * service descriptor or a name), found in `options.registry` or the node's `registry`; the member
   * of each call is picked when it is made (`balance`, or `key` affinity). Use it wherever a peer
   * goes: `createCalcClient(node, node.service(CalcService))`. Throws `invalid-argument`.
   */
  service<const S extends ServiceDescriptor | string>(service: S, options?: ServiceTargetOptions<RequestOf<S>>): ServiceTarget;
  /**
   * Stops accepting connections, leaves the registry (this node's listeners), serves the requests
   * still arriving until none is running or arriving for `quiet` ms, then shuts down. Idempotent.
   */
  drain(options?: DrainOptions): Promise<void>;
  /** Closes a peer (pending calls reject `peer-closed`), a service target, or a listener (stops accepting; accepted peers stay). */
  close(target: Peer | Listener): Promise<void>;
  /** Closes every listener and peer. */
  shutdown(): Promise<void>;
  /** Same as {@link ClusterNode.shutdown}. */
  closeAll(): Promise<void>;
  /** Peers that are not closed. */
  peers(): Peer[];
  /** Open listeners. */
  listeners(): Listener[];
  /** The current trace id (inside a handler: the request's), or undefined outside any trace. */
  currentTraceId(): bigint | undefined;
  /** Counters. */
  stats(): ClusterStats;
}

/** The request types of a service's methods (`unknown` for a service given by name). */
export type RequestOf<S> = S extends ServiceDescriptor
  ? { [K in keyof S["methods"]]: S["methods"][K] extends { readonly request: MessageCodec<infer R> } ? R : never }[keyof S["methods"]]
  : unknown;
