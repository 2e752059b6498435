/** The configuration the parent sends to an RPC client child, and its reply. */
import type { ModeLimits, ModeResult } from "./drive.ts";

/** What an RPC client child runs against one server. */
export interface RpcClientConfig {
  readonly contender: string;
  readonly port: number;
  /** Warm-up before measuring: these limits sequentially, then again at 64 in flight. */
  readonly warmup: ModeLimits;
  readonly sequential?: ModeLimits;
  /** Rounds of the throughput modes (their limits are shared out; the median round counts). */
  readonly rounds: number;
  readonly inflight?: ModeLimits & { readonly depth: number };
  readonly multi?: ModeLimits & { readonly connections: number; readonly depth: number };
}

/** What an RPC client child reports back. */
export interface RpcClientReport {
  /** Distinct sums checked before measuring. */
  readonly verified: number;
  readonly modes: readonly ModeResult[];
}
