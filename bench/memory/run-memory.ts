/**
 * The memory part: RSS and heap of a client after N and M calls (N < M) against a server
 * child, and the pending-call table after calls that all time out against a black hole.
 * Runs raw TCP (as a reference for what "flat" looks like) and the clusterc contenders;
 * grpc-js is left out (1M calls would take minutes at its rate).
 */
import { spawnChild, type BenchChild } from "../lib/children.ts";
import { forEachContender } from "../lib/each.ts";
import { childEnv, type BenchContext } from "../lib/context.ts";
import { BenchError, describeError } from "../lib/errors.ts";
import type { BenchScale } from "../lib/options.ts";
import { prepareCalcModule } from "../rpc/clusterc.ts";
import { findRpcContender } from "../rpc/contenders.ts";
import { startServerChild } from "../rpc/run-rpc.ts";
import type { MemoryConfig, MemoryReport } from "./memory-config.ts";

/** Contenders of the memory part. */
export const MEMORY_CONTENDERS: readonly string[] = ["raw", "clusterc-0.7.0", "clusterc-0.7.1"];

/** The outcome for one contender. */
export interface MemoryResult {
  readonly id: string;
  readonly label: string;
  readonly status: "ok" | "unavailable" | "failed";
  readonly error?: string;
  readonly report?: MemoryReport;
}

/** Call counts per scale. */
export function memoryPlan(scale: BenchScale): Omit<MemoryConfig, "contender" | "port" | "blackholePort"> {
  switch (scale) {
    case "full":
      return {
        checkpoints: [200_000, 1_000_000],
        checkpointMaxMs: 30_000,
        depth: 256,
        timeoutCalls: 100_000,
        timeoutMs: 50,
        timeoutBatch: 10_000,
      };
    case "quick":
      return {
        checkpoints: [40_000, 160_000],
        checkpointMaxMs: 2500,
        depth: 256,
        timeoutCalls: 20_000,
        timeoutMs: 30,
        timeoutBatch: 10_000,
      };
    case "smoke":
      return { checkpoints: [500, 1000], checkpointMaxMs: 2000, depth: 16, timeoutCalls: 50, timeoutMs: 20, timeoutBatch: 50 };
  }
}

async function runOne(context: BenchContext, id: string): Promise<MemoryResult> {
  const contender = findRpcContender(id);
  const children: BenchChild[] = [];
  try {
    const child = spawnChild({
      script: "bench/memory/memory-child.ts",
      label: `mem-${id}-client`,
      // A fixed-size young generation: its growth under load would otherwise show up as RSS "growth".
      nodeFlags: ["--expose-gc", "--min-semi-space-size=16", "--max-semi-space-size=16"],
      env: childEnv(context, `mem-${id}-client`),
      verbose: context.options.verbose,
      ...(context.placement.clientCpu === undefined ? {} : { cpu: context.placement.clientCpu }),
    });
    children.push(child);
    const [serverStart, holeStart] = await Promise.allSettled([
      startServerChild(context, id, `mem-${id}`),
      contender.supportsTimeouts ? startServerChild(context, "blackhole", `mem-${id}-blackhole`) : Promise.resolve(undefined),
    ]);
    for (const started of [serverStart, holeStart]) if (started.status === "fulfilled" && started.value) children.push(started.value.child);
    if (serverStart.status === "rejected") throw serverStart.reason;
    if (holeStart.status === "rejected") throw holeStart.reason;
    const server = serverStart.value;
    const blackholePort = holeStart.value?.port;
    const config: MemoryConfig = {
      contender: id,
      port: server.port,
      ...memoryPlan(context.options.scale),
      ...(blackholePort === undefined ? {} : { blackholePort }),
    };
    child.send({ type: "run", config: { ...config } });
    const message = await child.expect("result", context.options.scale === "full" ? 150_000 : 40_000);
    return { id, label: contender.label, status: "ok", report: message["report"] as MemoryReport };
  } catch (err) {
    const status = err instanceof BenchError && err.code === "unavailable" ? "unavailable" : "failed";
    return { id, label: contender.label, status, error: describeError(err) };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

/** Runs the memory part. */
export async function runMemoryPart(context: BenchContext, log: (line: string) => void): Promise<MemoryResult[]> {
  // Only the full run includes the raw reference (quick and smoke runs stay within their time budget).
  const ids = MEMORY_CONTENDERS.filter(
    (id) => context.options.contenders?.includes(id) ?? (context.options.scale === "full" || id !== "raw"),
  );
  if (ids.some((id) => id.startsWith("clusterc"))) log(`memory: clusterc calc module: ${prepareCalcModule()}`);
  return forEachContender(ids, context.options.scale === "smoke", async (id) => {
    log(`memory: ${id} …`);
    const result = await runOne(context, id);
    if (result.status !== "ok") log(`memory: ${id}: ${result.status}: ${result.error}`);
    return result;
  });
}
