/**
 * Child entry of the discovery part: the three members of service `calc` — three clusterc
 * wire 0.7.0 nodes in this one process (pinned to the server CPU, like every RPC server), each
 * on its own port, answering `add` through the generated server glue. Replies
 * `{type:"ready", ports}` and serves until the parent closes our stdin.
 * Usage: `node --import tsx bench/discovery/members-child.ts`
 */
import { onShutdown, runChild } from "../lib/parent-link.ts";
import { startProfiling } from "../lib/profiler.ts";
import { findRpcContender } from "../rpc/contenders.ts";

/** Members of the service. */
export const MEMBERS = 3;

runChild(async (link) => {
  const contender = findRpcContender("clusterc-0.7.0");
  const servers = [];
  for (let i = 0; i < MEMBERS; i++) servers.push(await contender.startServer());
  onShutdown(await startProfiling());
  link.send({ type: "ready", ports: servers.map((s) => s.port), pid: process.pid });
  await new Promise<never>(() => undefined);
});
