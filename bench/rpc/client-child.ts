/**
 * Child entry: an RPC client. Waits for `{type:"run", config}` (see RpcClientConfig),
 * connects, checks the answers, warms up, runs the requested modes and replies
 * `{type:"result", report}`.  Usage: `node --import tsx bench/rpc/client-child.ts`
 */
import { runChild } from "../lib/parent-link.ts";
import { startProfiling } from "../lib/profiler.ts";
import { BenchError } from "../lib/errors.ts";
import type { RpcClient } from "./contender.ts";
import { findRpcContender } from "./contenders.ts";
import { runInFlight, runInFlightRounds, runSequential, verifyClient, type ModeResult } from "./drive.ts";
import type { RpcClientConfig, RpcClientReport } from "./client-config.ts";

runChild(async (link) => {
  const command = await link.next();
  if (command.type !== "run") throw new BenchError("protocol", `client child expected 'run', got '${command.type}'`);
  const config = command["config"] as RpcClientConfig;
  const contender = findRpcContender(config.contender);
  const client = await contender.connect(config.port);
  const verified = await verifyClient(client, contender.label);
  await runSequential(client, config.warmup);
  await runInFlight([client], 64, config.warmup);
  const stopProfiling = await startProfiling();
  const modes: ModeResult[] = [];
  if (config.sequential) modes.push(await runSequential(client, config.sequential));
  if (config.inflight) {
    const r = await runInFlightRounds([client], config.inflight.depth, config.inflight, config.rounds);
    modes.push({ mode: "inflight", shape: `1 conn × ${config.inflight.depth} in flight`, ...r });
  }
  if (config.multi) {
    const { connections, depth } = config.multi;
    const clients: RpcClient[] = [client];
    while (clients.length < connections) clients.push(await contender.connect(config.port));
    for (const c of clients.slice(1)) await verifyClient(c, contender.label);
    await runInFlight(clients, depth, { maxCalls: Math.max(depth * connections, config.warmup.maxCalls), maxMs: config.warmup.maxMs });
    const r = await runInFlightRounds(clients, depth, config.multi, config.rounds);
    modes.push({ mode: "multi", shape: `${connections} conn × ${depth} in flight`, ...r });
    for (const c of clients.slice(1)) await c.close();
  }
  await stopProfiling();
  const report: RpcClientReport = { verified, modes };
  link.send({ type: "result", report: { ...report } });
  await client.close();
});
