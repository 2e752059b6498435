/**
 * Child entry: runs one contender's server (or the black hole) on 127.0.0.1 with a free
 * port, reports `{type:"ready", port}` to the parent, and serves until the parent closes
 * our stdin (then writes its CPU profile, when asked for one).  Usage: `node --import tsx bench/rpc/server-child.ts <contender-id|blackhole>`
 */
import { onShutdown, runChild } from "../lib/parent-link.ts";
import { startProfiling } from "../lib/profiler.ts";
import { startBlackhole } from "./blackhole.ts";
import { findRpcContender } from "./contenders.ts";

runChild(async (link) => {
  const id = process.argv[2] ?? "";
  const server = id === "blackhole" ? await startBlackhole() : await findRpcContender(id).startServer();
  // With --cpu-prof: profile the serving time; written when the parent stops us.
  onShutdown(await startProfiling());
  link.send({ type: "ready", port: server.port, pid: process.pid });
  // Serve until the parent goes away (stdin end exits the process).
  await new Promise<never>(() => undefined);
});
