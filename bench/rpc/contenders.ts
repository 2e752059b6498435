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

/** Finds a contender by id; throws a BenchError("usage") for an unknown id. */
export function findRpcContender(id: string): RpcContender {
  const found = RPC_CONTENDERS.find((c) => c.id === id);
  if (!found) throw new BenchError("usage", `unknown RPC contender '${id}' (known: ${RPC_CONTENDERS.map((c) => c.id).join(", ")})`);
  return found;
}
