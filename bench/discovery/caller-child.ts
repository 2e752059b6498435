/**
 * Child entry of the discovery part: one caller of service `calc` over the three members, in one
 * of six ways (`variant`):
 *   - `direct`: three peers from `connect()`, one generated client each, taken in turn by hand;
 *   - `round-robin`, `least-pending`, `key-hash`: one generated client bound to
 *     `node.service(CalcService, { balance })`, members from a static registry (no etcd: the
 *     registry is not on the call path; only the member list comes from it);
 *   - `idempotent`, `errors-idempotent`: the same add as `[idempotent]` and `[errors idempotent]`
 *     methods of service `retry_calc` (bench/schemas/retry-calc.zp, its own three members at
 *     `retryPorts`), round-robin.
 * Waits for `{type:"connect", variant, ports, retryPorts, warmup}`, checks the answers, warms up, replies
 * `{type:"ready"}`; then one measured round per `{type:"round", depth, maxCalls, maxMs}` until
 * `{type:"stop"}`. Usage: `node --import tsx bench/discovery/caller-child.ts`
 */
import { createCalcClient, CalcService, type CalcClient } from "../../generated/calc.ts";
import { createCluster, createStaticRegistry, type ClusterNode, type ServiceTarget } from "@clusterc/runtime";
import { BenchError } from "../lib/errors.ts";
import { runChild } from "../lib/parent-link.ts";
import { serveRounds } from "../lib/rounds.ts";
import type { RpcClient } from "../rpc/contender.ts";
import { runInFlight, runSequential, verifyClient, type ModeLimits } from "../rpc/drive.ts";
import { importRetryCalc, RETRY_CALC_SERVICE } from "./retry-calc-module.ts";

/** How the caller reaches the members. */
export type DiscoveryVariant = "direct" | "round-robin" | "least-pending" | "key-hash" | "idempotent" | "errors-idempotent";

const resultOf = (sum: { result?: number | undefined }): number => sum.result ?? 0;

function asClient(node: ClusterNode, add: (a: number, b: number) => Promise<number>): RpcClient {
  return { add, pendingCount: () => node.stats().pending, close: () => node.shutdown() };
}

async function untilConnected(target: ServiceTarget, variant: DiscoveryVariant): Promise<void> {
  await target.ready();
  const deadline = Date.now() + 10_000;
  while (!target.connected) {
    if (Date.now() > deadline) throw new BenchError("child-failed", `${variant}: members not connected within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The idempotent variants: service `retry_calc` round-robin, through its `[idempotent]` or `[errors idempotent]` add. */
async function connectRetryVariant(variant: DiscoveryVariant, addrs: readonly string[]): Promise<RpcClient> {
  const { createRetryCalcClient } = await importRetryCalc();
  const node = createCluster({ registry: createStaticRegistry({ services: { [RETRY_CALC_SERVICE]: addrs } }) });
  const target = node.service(RETRY_CALC_SERVICE, { balance: "round-robin" });
  const calc = createRetryCalcClient(node, target);
  await untilConnected(target, variant);
  if (variant === "idempotent") return asClient(node, (a, b) => calc.addRetry({ a, b }).then(resultOf));
  return asClient(node, (a, b) => calc.addChecked({ a, b }).then(resultOf));
}

async function connectVariant(variant: DiscoveryVariant, addrs: readonly string[], retryAddrs: readonly string[]): Promise<RpcClient> {
  if (variant === "idempotent" || variant === "errors-idempotent") return connectRetryVariant(variant, retryAddrs);
  if (variant === "direct") {
    const node = createCluster();
    const clients: CalcClient[] = [];
    for (const addr of addrs) clients.push(createCalcClient(node, await node.connect(addr)));
    let next = 0;
    return asClient(node, (a, b) => {
      const calc = clients[next] as CalcClient;
      next = next + 1 === clients.length ? 0 : next + 1;
      return calc.add({ a, b }).then(resultOf);
    });
  }
  const node = createCluster({ registry: createStaticRegistry({ services: { calc: addrs } }) });
  const target =
    variant === "key-hash"
      ? node.service(CalcService, { key: (req) => String("a" in req ? (req.a ?? 0) & 255 : 0) })
      : node.service(CalcService, { balance: variant });
  const calc = createCalcClient(node, target);
  await untilConnected(target, variant);
  return asClient(node, (a, b) => calc.add({ a, b }).then(resultOf));
}

runChild(async (link) => {
  const command = await link.next();
  if (command.type !== "connect") throw new BenchError("protocol", `caller child expected 'connect', got '${command.type}'`);
  const variant = String(command["variant"]) as DiscoveryVariant;
  const addrs = (command["ports"] as number[]).map((port) => `127.0.0.1:${port}`);
  const retryAddrs = ((command["retryPorts"] as number[] | undefined) ?? []).map((port) => `127.0.0.1:${port}`);
  const client = await connectVariant(variant, addrs, retryAddrs);
  const verified = await verifyClient(client, variant);
  const warmup = command["warmup"] as ModeLimits;
  await runSequential(client, warmup);
  await runInFlight([client], 64, warmup);
  await runInFlight([client], 256, warmup);
  await serveRounds(link, "caller child", verified, (depth, limits) => runInFlight([client], depth, limits));
  await client.close();
});
