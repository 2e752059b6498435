/**
 * Child entry of the discovery part: the three members of service `calc` — three clusterc
 * wire 0.7.0 nodes in this one process (pinned to the server CPU, like every RPC server), each
 * on its own port, answering `add` through the generated server glue — and three more of service
 * `retry_calc` (bench/schemas/retry-calc.zp: the same add, `[idempotent]` and `[errors
 * idempotent]`). Replies `{type:"ready", ports, retryPorts}` and serves until the parent closes
 * our stdin. Usage: `node --import tsx bench/discovery/members-child.ts`
 */
import { createCluster } from "@clusterc/runtime";
import { onShutdown, runChild } from "../lib/parent-link.ts";
import { startProfiling } from "../lib/profiler.ts";
import { findRpcContender } from "../rpc/contenders.ts";
import { importRetryCalc } from "./retry-calc-module.ts";

/** Members of the service. */
export const MEMBERS = 3;

const add = ({ a = 0, b = 0 }: { a?: number; b?: number }): { result: number } => ({ result: (a + b) | 0 });

runChild(async (link) => {
  const contender = findRpcContender("clusterc-0.7.0");
  const retryCalc = await importRetryCalc();
  const servers = [];
  const retryPorts: number[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    servers.push(await contender.startServer());
    const node = createCluster({ wire: "silly-0.7.0" });
    retryCalc.serveRetryCalc(node, { addRetry: add, addChecked: add });
    retryPorts.push((await node.listen("127.0.0.1:0")).address.port);
  }
  onShutdown(await startProfiling());
  link.send({ type: "ready", ports: servers.map((s) => s.port), retryPorts, pid: process.pid });
  await new Promise<never>(() => undefined);
});
