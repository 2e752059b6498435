/**
 * Child entry: one RPC client of the overhead part. Waits for `{type:"connect", contender, port,
 * warmup}`, connects, checks the answers, warms up and replies `{type:"ready"}`; then runs one
 * measured round per `{type:"round", depth, maxCalls, maxMs}` (replying `{type:"round-result"}`
 * with the calls, the time and this process's CPU time) until `{type:"stop"}`.
 * Usage: `node --import tsx bench/overhead/rounds-child.ts`
 */
import { BenchError } from "../lib/errors.ts";
import { runChild } from "../lib/parent-link.ts";
import { startProfiling } from "../lib/profiler.ts";
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
  // With --cpu-prof: profile the measured rounds only.
  const stopProfiling = await startProfiling();
  link.send({ type: "ready", verified });
  for (;;) {
    const next = await link.next();
    if (next.type === "stop") break;
    if (next.type !== "round") throw new BenchError("protocol", `rounds child expected 'round' or 'stop', got '${next.type}'`);
    const cpu0 = process.cpuUsage();
    const r = await runInFlight([client], Number(next["depth"]), { maxCalls: Number(next["maxCalls"]), maxMs: Number(next["maxMs"]) });
    const cpu = process.cpuUsage(cpu0);
    link.send({ type: "round-result", calls: r.calls, seconds: r.seconds, wrong: r.wrong, cpuUs: cpu.user + cpu.system });
  }
  await stopProfiling();
  await client.close();
});
