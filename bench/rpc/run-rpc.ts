/**
 * The RPC part: for each contender, a server child (pinned to the server CPU) and a client
 * child (pinned to the client CPU) run the three modes; the servers run one at a time so
 * contenders never share the machine. Children are always stopped, even on failure.
 */
import { spawnChild, type BenchChild } from "../lib/children.ts";
import { childStartTimeout, forEachContender } from "../lib/each.ts";
import { childEnv, type BenchContext } from "../lib/context.ts";
import { BenchError, describeError } from "../lib/errors.ts";
import type { BenchScale } from "../lib/options.ts";
import type { RpcClientConfig, RpcClientReport } from "./client-config.ts";
import { prepareCalcModule } from "./clusterc.ts";
import { selectRpcContenders } from "./contenders.ts";
import type { ModeResult } from "./drive.ts";

/** The outcome for one contender. */
export interface RpcContenderResult {
  readonly id: string;
  readonly label: string;
  readonly status: "ok" | "unavailable" | "failed";
  readonly error?: string;
  readonly verified?: number;
  readonly modes: readonly ModeResult[];
}

/** Mode limits per scale (without port/contender). */
export function rpcLimits(scale: BenchScale): Omit<RpcClientConfig, "contender" | "port"> {
  switch (scale) {
    case "full":
      return {
        warmup: { maxCalls: 20_000, maxMs: 1000 },
        rounds: 3,
        sequential: { maxCalls: 30_000, maxMs: 3000 },
        inflight: { depth: 256, maxCalls: 5_000_000, maxMs: 3000 },
        multi: { connections: 16, depth: 64, maxCalls: 5_000_000, maxMs: 3000 },
      };
    case "quick":
      return {
        warmup: { maxCalls: 5000, maxMs: 150 },
        rounds: 1,
        sequential: { maxCalls: 5000, maxMs: 350 },
        inflight: { depth: 256, maxCalls: 2_000_000, maxMs: 350 },
        multi: { connections: 16, depth: 64, maxCalls: 2_000_000, maxMs: 350 },
      };
    case "smoke":
      return {
        warmup: { maxCalls: 20, maxMs: 200 },
        rounds: 2,
        sequential: { maxCalls: 50, maxMs: 300 },
        inflight: { depth: 256, maxCalls: 600, maxMs: 300 },
        multi: { connections: 2, depth: 4, maxCalls: 100, maxMs: 300 },
      };
  }
}

/** Starts one server child for `serverId` and resolves with it and its port. */
export async function startServerChild(
  context: BenchContext,
  serverId: string,
  label: string,
): Promise<{ child: BenchChild; port: number }> {
  const child = spawnChild({
    script: "bench/rpc/server-child.ts",
    args: [serverId],
    label: `${label}-server`,
    env: childEnv(context, `${label}-server`),
    verbose: context.options.verbose,
    ...(context.placement.serverCpu === undefined ? {} : { cpu: context.placement.serverCpu }),
  });
  try {
    const ready = await child.expect("ready", childStartTimeout(context.options.scale));
    if (typeof ready["port"] !== "number") throw new BenchError("protocol", `${label}: server sent no port`);
    return { child, port: ready["port"] };
  } catch (err) {
    await child.stop(200);
    throw err;
  }
}

async function runOne(context: BenchContext, id: string, label: string): Promise<RpcContenderResult> {
  const children: BenchChild[] = [];
  try {
    // The client child starts while the server comes up; it idles until it gets the port.
    const client = spawnChild({
      script: "bench/rpc/client-child.ts",
      label: `rpc-${id}-client`,
      env: childEnv(context, `rpc-${id}-client`),
      verbose: context.options.verbose,
      ...(context.placement.clientCpu === undefined ? {} : { cpu: context.placement.clientCpu }),
    });
    children.push(client);
    const server = await startServerChild(context, id, `rpc-${id}`);
    children.push(server.child);
    const config: RpcClientConfig = { contender: id, port: server.port, ...rpcLimits(context.options.scale) };
    client.send({ type: "run", config: { ...config } });
    const budget = (config.sequential?.maxMs ?? 0) + (config.inflight?.maxMs ?? 0) + 2 * (config.multi?.maxMs ?? 0);
    const result = await client.expect("result", 30_000 + 4 * budget);
    const report = result["report"] as RpcClientReport;
    return { id, label, status: "ok", verified: report.verified, modes: report.modes };
  } catch (err) {
    const status = err instanceof BenchError && err.code === "unavailable" ? "unavailable" : "failed";
    return { id, label, status, error: describeError(err), modes: [] };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

/** Runs the RPC part for every selected contender. */
export async function runRpcPart(context: BenchContext, log: (line: string) => void): Promise<RpcContenderResult[]> {
  const selected = selectRpcContenders(context.options.contenders);
  if (selected.some((c) => c.id.startsWith("clusterc"))) log(`rpc: clusterc calc module: ${prepareCalcModule()}`);
  return forEachContender(selected, context.options.scale === "smoke", async (contender) => {
    log(`rpc: ${contender.label} …`);
    const result = await runOne(context, contender.id, contender.label);
    if (result.status !== "ok") log(`rpc: ${contender.label}: ${result.status}: ${result.error}`);
    return result;
  });
}
