/**
 * The metrics hook: what a node reports to a metrics system, designed to cost little per call.
 * The node asks once per method and side for a {@link MethodMetrics} recorder (a metrics system
 * pre-binds its labels there) and then calls two plain methods per call: `started()` and
 * `finished(outcome, seconds)`. Connection events and byte counts are reported per connection
 * and per socket read/write, never per frame. Times are read as rarely as possible (see
 * metrics-clock.ts): `seconds` runs from when a call's request was written to when its response's
 * chunk was taken up, and from when a request's chunk was taken up to when its answer was written
 * or settled.
 *
 * `@clusterc/runtime/prometheus` adapts this to prom-client; any other system can implement it.
 */
import { ClusterError } from "../core/errors.ts";
import { RemoteError } from "../core/remote-error.ts";
import type { MethodDescriptor } from "../call/descriptor.ts";

/** Which method a {@link MethodMetrics} recorder counts. */
export interface MethodLabels {
  /** "client": calls this node makes; "server": requests it handles. */
  readonly side: "client" | "server";
  /** The service name, or "" for raw calls and handlers. */
  readonly service: string;
  /** The method name, or `cmd:<n>` for raw calls and handlers. */
  readonly method: string;
  /** The wire cmd. */
  readonly cmd: number;
}

/**
 * The outcome of one call or request: "ok"; on the client side the `ClusterError` code
 * (`timeout`, `closed`, …), `encode` / `decode` for codec errors, `error` for anything else;
 * on the server side `error` (the handler or an interceptor threw) or `abandoned` (the handler
 * timeout passed first). On both sides `remote:<code>` for a `RemoteError` (`remote:3`,
 * `remote:-1`): a method that declares errors answered with one.
 */
export type CallOutcome = string;

/** Counts one method on one side. */
export interface MethodMetrics {
  /** A call or request started (in flight until {@link finished}). */
  started(): void;
  /** It finished with `outcome` after `seconds`. */
  finished(outcome: CallOutcome, seconds: number): void;
}

/**
 * The metrics hook of a node (`createCluster({ metrics })`). Every callback but `method` is
 * optional. Callbacks run on the call path: they must be cheap and must not throw.
 */
export interface ClusterMetrics {
  /**
   * The recorder for one method and side. Called when a typed client is created, a service served,
   * or a raw cmd first seen — possibly several times for the same labels: return the same recorder.
   */
  method(labels: MethodLabels): MethodMetrics;
  /** `count` bytes were read from ("in") or handed to ("out") a socket. */
  bytes?(direction: "in" | "out", count: number): void;
  /** A connection opened (after admission, for accepted ones). */
  connectionOpened?(origin: "connect" | "accept"): void;
  /** A connection closed, with the reason the node logs. */
  connectionClosed?(origin: "connect" | "accept", reason: string): void;
  /** A peer from `connect()` connected again after losing its connection. */
  reconnected?(peer: string): void;
}

/** Checks a `metrics` option: undefined or an object with a `method` function. Throws `invalid-argument`. */
export function checkMetrics(value: unknown): ClusterMetrics | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || typeof (value as { method?: unknown }).method !== "function") {
    throw new ClusterError("invalid-argument", "metrics must be an object with a method(labels) function");
  }
  return value as ClusterMetrics;
}

/** The outcome name of a failure (see {@link CallOutcome}). */
export function outcomeOf(error: unknown): CallOutcome {
  if (error instanceof ClusterError) return error.code;
  if (error instanceof RemoteError) return remoteOutcome(error);
  if (error instanceof Error) {
    if (error.name === "EncodeError") return "encode";
    if (error.name === "DecodeError") return "decode";
  }
  return "error";
}

/** The outcome of a RemoteError: `remote:<code>`. */
export function remoteOutcome(error: RemoteError): CallOutcome {
  return `remote:${error.code}`;
}

/** The labels of `method` (typed) or of a raw `cmd`. */
export function methodLabels(side: "client" | "server", cmd: number, method?: MethodDescriptor, service?: string): MethodLabels {
  return { side, service: service ?? "", method: method?.name ?? `cmd:${cmd}`, cmd };
}
