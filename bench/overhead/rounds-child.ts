/**
 * Child entry: one RPC client of the overhead part. Waits for `{type:"connect", contender, port,
 * warmup}`, connects, checks the answers, warms up and replies `{type:"ready"}`; then runs one
 * measured round per `{type:"round", depth, maxCalls, maxMs}` (replying `{type:"round-result"}`
 * with the calls, the time and this process's CPU time) until `{type:"stop"}`.
 * Usage: `node --import tsx bench/overhead/rounds-child.ts`
 */
import { BenchError } from "../lib/errors.ts";
import { runChild } from "../lib/parent-link.ts";
import { serveRounds } from "../lib/rounds.ts";
import { findRpcContender } from "../rpc/contenders.ts";
import { runInFlight, runSequential, verifyClient, type ModeLimits } from "../rpc/drive.ts";

runChild(async (link) => {
  const command = await link.next();
  if (command.type !== "connect") throw new BenchError("protocol", `rounds child expected 'connect', got '${command.type}'`);
  const contender = findRpcContender(String(command["contender"]));
  const client = await contender.connect(Number(command["port"]));
  const verified = await verifyClient(client, contender.label);
  const warmup = command["warmup"] as ModeLimits;
  await runSequential(client, warmup);
  await runInFlight([client], 64, warmup);
  await serveRounds(link, "rounds child", verified, (depth, limits) => runInFlight([client], depth, limits));
  await client.close();
});
