/** The registry of RPC contenders, in table order (ceiling first). */
import { BenchError } from "../lib/errors.ts";
import { createClustercContender } from "./clusterc.ts";
import type { RpcContender } from "./contender.ts";
import { grpcContender } from "./grpc.ts";
import { rawContender } from "./raw.ts";

/** Every RPC contender, ceiling first. */
export const RPC_CONTENDERS: readonly RpcContender[] = [
  rawContender,
  createClustercContender("silly-0.7.0"),
  createClustercContender("silly-0.7.1"),
  grpcContender,
];

/**
 * The overhead group (issue 14): clusterc wire 0.7.0 with nothing, with one pass-through
 * interceptor and with the prom-client metrics hook around every call, on both nodes. The
 * `overhead` part runs them interleaved; the `rpc` part runs them only when named with --contenders.
 */
export const OVERHEAD_CONTENDERS: readonly RpcContender[] = [
  RPC_CONTENDERS[1] as RpcContender,
  createClustercContender("silly-0.7.0", "interceptor"),
  createClustercContender("silly-0.7.0", "metrics"),
];

/** Every contender that can be named, default RPC ones first. */
const ALL_CONTENDERS: readonly RpcContender[] = [...RPC_CONTENDERS, ...OVERHEAD_CONTENDERS.slice(1)];

/** Finds a contender by id; throws a BenchError("usage") for an unknown id. */
export function findRpcContender(id: string): RpcContender {
  const found = ALL_CONTENDERS.find((c) => c.id === id);
  if (!found) throw new BenchError("usage", `unknown RPC contender '${id}' (known: ${ALL_CONTENDERS.map((c) => c.id).join(", ")})`);
  return found;
}

/** The RPC contenders a run selects: the default ones, or exactly those named with --contenders. */
export function selectRpcContenders(ids: readonly string[] | undefined): readonly RpcContender[] {
  return ids === undefined ? RPC_CONTENDERS : ALL_CONTENDERS.filter((c) => ids.includes(c.id));
}
