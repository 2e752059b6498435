/**
 * The public interface of a cluster node ({@link ClusterNode}; the implementation is the private
 * class in cluster.ts) and its counters.
 */
import type { Listener } from "../connection/listener.ts";
import type { Peer } from "../connection/peer.ts";
import type { CallOptions } from "../call/options.ts";
import type { RawHandler } from "../call/handler.ts";
import type { ServiceDescriptor } from "../call/descriptor.ts";
import type { ServiceTarget, ServiceTargetOptions } from "../discovery/service-target.ts";
import type { MessageCodec } from "../zproto/codec.ts";
import type { DrainOptions } from "./drain.ts";

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
  /** Listens on "host:port" / "[v6]:port" (port 0 picks one). Rejects `invalid-argument` for a bad address, `node-closed` after shutdown(). */
  listen(addr: string, opts?: { backlog?: number }): Promise<Listener>;
  /**
   * A peer for "host:port": connected already (eager) or on first use (lazy), per `connectMode`.
   * Rejects `invalid-argument` for a bad address (saying what is wrong), `connect-failed`, and
   * `node-closed` after shutdown().
   */
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
   * goes: `createCalcClient(node, node.service(CalcService))`. Throws `invalid-argument`, and
   * `node-closed` after shutdown().
   */
  service<const S extends ServiceDescriptor | string>(service: S, options?: ServiceTargetOptions<RequestOf<S>>): ServiceTarget;
  /**
   * Stops accepting connections, leaves the registry (this node's listeners), serves the requests
   * still arriving until none is running or arriving for `quiet` ms, then shuts down. Idempotent.
   */
  drain(options?: DrainOptions): Promise<void>;
  /** Closes a peer (pending calls reject `peer-closed`), a service target, or a listener (stops accepting; accepted peers stay). */
  close(target: Peer | Listener): Promise<void>;
  /**
   * Closes every listener, peer and service target (calls in flight reject `peer-closed`). Idempotent.
   * The node is closed for good from the moment it is called: `connect`, `listen`, `service()`,
   * and calls and sends on any of its peers then fail `node-closed`.
   */
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
