/**
 * Child entry (run with --expose-gc): drives `add` calls at a fixed depth and samples RSS
 * and heap after forced GCs at each checkpoint; then, if given a black-hole port, sends
 * calls that can only time out and reads the client's pending-call table afterwards.
 * Usage: `node --expose-gc --import tsx bench/memory/memory-child.ts`, then `{type:"run", config}`.
 */
import { performance } from "node:perf_hooks";
import { setImmediate as nextLoop } from "node:timers/promises";
import { BenchError, describeError } from "../lib/errors.ts";
import { runChild } from "../lib/parent-link.ts";
import { startProfiling } from "../lib/profiler.ts";
import { findRpcContender } from "../rpc/contenders.ts";
import { runInFlight, verifyClient } from "../rpc/drive.ts";
import type { RpcClient } from "../rpc/contender.ts";
import type { MemoryConfig, MemoryReport, MemorySample, TimeoutCheck } from "./memory-config.ts";

async function sample(calls: number): Promise<MemorySample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await nextLoop();
  }
  const m = process.memoryUsage();
  return { calls, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
}

async function checkTimeouts(client: RpcClient, config: MemoryConfig): Promise<TimeoutCheck> {
  let rejected = 0;
  let resolved = 0;
  let sampleError: string | undefined;
  const start = performance.now();
  for (let sent = 0; sent < config.timeoutCalls; ) {
    const batch: Array<Promise<void>> = [];
    const n = Math.min(config.timeoutBatch, config.timeoutCalls - sent);
    for (let i = 0; i < n; i++) {
      batch.push(
        client.add(1, 2, { timeoutMs: config.timeoutMs }).then(
          () => void resolved++,
          (err: unknown) => {
            rejected++;
            sampleError ??= describeError(err);
          },
        ),
      );
    }
    sent += n;
    await Promise.all(batch);
  }
  const seconds = (performance.now() - start) / 1000;
  await nextLoop();
  const pendingAfter = client.pendingCount ? client.pendingCount() : Number.NaN;
  return {
    calls: config.timeoutCalls,
    rejected,
    resolved,
    ...(sampleError === undefined ? {} : { sampleError }),
    pendingAfter,
    seconds,
    memoryAfter: await sample(config.timeoutCalls),
  };
}

runChild(async (link) => {
  const command = await link.next();
  if (command.type !== "run") throw new BenchError("protocol", `memory child expected 'run', got '${command.type}'`);
  const config = command["config"] as MemoryConfig;
  const contender = findRpcContender(config.contender);
  const client = await contender.connect(config.port);
  await verifyClient(client, contender.label);
  const stopProfiling = await startProfiling();
  const samples: MemorySample[] = [];
  let done = 0;
  for (const checkpoint of config.checkpoints) {
    const r = await runInFlight([client], config.depth, { maxCalls: checkpoint - done, maxMs: config.checkpointMaxMs });
    if (r.wrong > 0) throw new BenchError("wrong-answer", `${contender.label}: ${r.wrong} wrong answers under load`);
    done += r.calls;
    samples.push(await sample(done));
  }
  await client.close();
  let timeouts: TimeoutCheck | undefined;
  if (config.blackholePort !== undefined && contender.supportsTimeouts) {
    const victim = await contender.connect(config.blackholePort);
    timeouts = await checkTimeouts(victim, config);
    await victim.close();
  }
  await stopProfiling();
  const report: MemoryReport = {
    samples,
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === "function",
    ...(timeouts ? { timeouts } : {}),
  };
  link.send({ type: "result", report: { ...report } });
});
