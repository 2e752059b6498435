/**
 * The interface every RPC contender implements: a server that answers `add(a, b)` and a
 * client connection that calls it. The harness drives every contender through this same
 * promise-returning `add`, so driver overhead is identical for all of them.
 */

/** A running server of one contender. */
export interface RpcServer {
  /** The TCP port it listens on (127.0.0.1). */
  readonly port: number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** Per-call options. */
export interface CallOptions {
  /** Deadline of the call in milliseconds (contenders without deadlines ignore it). */
  readonly timeoutMs?: number;
}

/** One client connection of one contender. */
export interface RpcClient {
  /** Calls `add(a, b)` and resolves with the sum. */
  add(a: number, b: number, options?: CallOptions): Promise<number>;
  /** Number of calls waiting for a response, when the contender can tell. */
  pendingCount?(): number;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** One contender of the RPC benchmark. */
export interface RpcContender {
  /** Stable id used on the command line and in JSON (`raw`, `grpc`, `clusterc-0.7.0`, …). */
  readonly id: string;
  /** Human-readable label for tables. */
  readonly label: string;
  /** True if this contender supports per-call deadlines (used by the memory part). */
  readonly supportsTimeouts: boolean;
  /** Starts a server on 127.0.0.1 with a free port. */
  startServer(): Promise<RpcServer>;
  /** Opens one client connection to a server on 127.0.0.1:`port`. */
  connect(port: number): Promise<RpcClient>;
}
