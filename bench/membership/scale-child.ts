/**
 * Child entry of the membership part: one caller of service `calc` with N members, in a fresh
 * process per N and registry (so the memory per member is this process's own). The N member
 * records have distinct ids and all point at the one calc server child (one node answering on
 * one port: the caller's work per member is the same as with N servers).
 *
 * Per balancer (round-robin, least-pending, key-hash), a fresh `node.service()` target:
 * - time until the first member list is in rotation (`ready()` and N live members);
 * - the time until calls connected every member (round-robin and least-pending: beyond
 *   `eagerConnectLimit`, 64, a member connects on its first call);
 * - memory per member (round-robin target only, every member connected: heap and RSS after a
 *   forced GC, before and after);
 * - the cost of one member added or removed on the caller: the time from the registry change to
 *   the target's event for it (static registry: the synchronous work of the caller; etcd: the
 *   propagation through etcd too);
 * - calls/s at 256 in flight, steady and during churn of `changesPerSec` changes per second,
 *   with the event-loop delay (p99 and max) in each.
 * Waits for `{type:"run", config}` and replies `{type:"result", result}`.
 * Usage: `node --expose-gc --import tsx bench/membership/scale-child.ts`
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { createCalcClient, CalcService } from "../../generated/calc.ts";
import { createCluster, createStaticRegistry, type ClusterNode, type Registry, type ServiceMember } from "@clusterc/runtime";
import { createEtcdRegistry } from "@clusterc/runtime/etcd";
import { BenchError } from "../lib/errors.ts";
import { runChild } from "../lib/parent-link.ts";
import { median } from "../lib/stats.ts";
import { runInFlight } from "../rpc/drive.ts";
import type { BalancerScale, ScaleConfig, ScaleResult } from "./scale.ts";

const BALANCERS = ["round-robin", "least-pending", "key-hash"] as const;

const collect = (): void => (globalThis as { gc?: () => void }).gc?.();
const ms = (t0: number): number => performance.now() - t0;

async function memberRegistry(
  config: ScaleConfig,
  records: readonly ServiceMember[],
): Promise<{ registry: Registry; close(): Promise<void> }> {
  if (config.registry === "static") {
    const registry = createStaticRegistry({ services: { calc: records } });
    return { registry, close: () => registry.close() };
  }
  if (config.etcdUrl === undefined) throw new BenchError("usage", "etcd registry without an etcd URL");
  // The members are put by a registry of their own (as their nodes would), one announcement each.
  const publisher = createEtcdRegistry({ hosts: config.etcdUrl, prefix: `bench-${process.pid}/` });
  // 50 announcements in flight at a time (all at once overran etcd's request timeout on a busy machine).
  for (let i = 0; i < records.length; i += 50) {
    await Promise.all(records.slice(i, i + 50).map((r) => publisher.announce("calc", r.addr, { id: r.id })));
  }
  const registry = createEtcdRegistry({ hosts: config.etcdUrl, prefix: `bench-${process.pid}/` });
  return {
    registry,
    close: async () => {
      await registry.close();
      await publisher.close();
    },
  };
}

/**
 * Waits (polling every `everyMs`, bounded) until `check()` holds. The checks of the member
 * list poll slowly: `members()` copies the whole list, which with thousands of members would
 * otherwise be most of what the process does while it waits.
 */
async function until(check: () => boolean, timeoutMs: number, what: string, everyMs = 1): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new BenchError("child-failed", `${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

async function measureBalancer(
  node: ClusterNode,
  registry: Registry,
  config: ScaleConfig,
  balance: (typeof BALANCERS)[number],
  withMemory: boolean,
): Promise<BalancerScale & { heapPerMember?: number; rssPerMember?: number }> {
  collect();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  // Room for the N members and the extra ones added one at a time (the default cap is 1,024).
  const maxMembers = Math.max(1024, config.n + 16);
  const target =
    balance === "key-hash"
      ? node.service(CalcService, { registry, maxMembers, key: (req) => String("a" in req ? (req.a ?? 0) : 0) })
      : node.service(CalcService, { registry, maxMembers, balance });
  await target.ready();
  const live = (): number => target.members().filter((m) => m.state === "live").length;
  // Ready is when the first list is applied (all in rotation for a static registry); else wait for it.
  if (live() < config.n) await until(() => live() >= config.n, 60_000, `${config.n} members in rotation`, 20);
  const firstListMs = ms(t0);

  const calc = createCalcClient(node, target);
  const client = {
    add: (a: number, b: number) => calc.add({ a, b }).then((s) => s.result ?? 0),
    pendingCount: () => 0,
    close: async () => undefined,
  };
  // Warm-up. Beyond eagerConnectLimit (64) members, a member connects on its first call: calls go
  // on until round-robin and least-pending have connected every member (key affinity on a few keys
  // only connects their owners), so that the rounds below measure the steady state.
  await runInFlight([client], 256, { maxCalls: 1_000_000, maxMs: config.warmupMs });
  let connectedMs: number | undefined;
  if (balance !== "key-hash") {
    while (!target.connected) {
      if (ms(t0) > 120_000) throw new BenchError("child-failed", `${balance}: ${config.n} members not connected within 120 s of calls`);
      await runInFlight([client], 256, { maxCalls: 1_000_000, maxMs: 100 });
    }
    connectedMs = ms(t0);
  }
  let memory: { heapPerMember?: number; rssPerMember?: number } = {};
  if (withMemory) {
    collect();
    const usage = process.memoryUsage();
    memory = { heapPerMember: (usage.heapUsed - heap0) / config.n, rssPerMember: (usage.rss - rss0) / config.n };
  }

  // One change at a time: a member added (then removed), timed until the target's event.
  const seen = new Map<string, number>();
  const off = target.on((event) => {
    if (event.type === "added" || event.type === "removed") seen.set(`${event.type}:${event.member.id}`, performance.now());
  });
  const addUs: number[] = [];
  const removeUs: number[] = [];
  const extra = `extra-${balance}`;
  for (let k = 0; k < config.changes; k++) {
    const id = `${extra}-${k}`;
    let t = performance.now();
    const announcement = await registry.announce("calc", config.addr, { id });
    await until(() => seen.has(`added:${id}`), 10_000, `member ${id} added`);
    addUs.push(((seen.get(`added:${id}`) as number) - t) * 1000);
    t = performance.now();
    await announcement.withdraw();
    await until(() => seen.has(`removed:${id}`), 10_000, `member ${id} removed`);
    removeUs.push(((seen.get(`removed:${id}`) as number) - t) * 1000);
  }

  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const steady = await runInFlight([client], 256, { maxCalls: 50_000_000, maxMs: config.callMs });
  loop.disable();
  const steadyLoop = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
  loop.reset();

  // Churn: `changesPerSec` registry changes per second (an extra member added, then removed) during the calls.
  let changes = 0;
  const churned: Array<Promise<void>> = [];
  let pending: { withdraw(): Promise<void> } | undefined;
  const timer = setInterval(() => {
    const id = `${extra}-churn-${changes++}`;
    if (pending === undefined) {
      churned.push(
        registry.announce("calc", config.addr, { id }).then((a) => {
          pending = a;
        }),
      );
    } else {
      const a: { withdraw(): Promise<void> } = pending;
      pending = undefined;
      churned.push(a.withdraw());
    }
  }, 1000 / config.changesPerSec);
  loop.enable();
  const churn = await runInFlight([client], 256, { maxCalls: 50_000_000, maxMs: config.callMs });
  loop.disable();
  clearInterval(timer);
  await Promise.all(churned);
  await pending?.withdraw();
  off();
  await target.close();
  if (steady.wrong + churn.wrong > 0) throw new BenchError("wrong-answer", `${balance}: ${steady.wrong + churn.wrong} wrong answers`);
  return {
    id: balance,
    firstListMs,
    ...(connectedMs === undefined ? {} : { connectedMs }),
    addUs: median(addUs),
    removeUs: median(removeUs),
    callsPerSec: steady.callsPerSec,
    churnCallsPerSec: churn.callsPerSec,
    churnChanges: changes,
    loopP99Ms: steadyLoop.p99,
    loopMaxMs: steadyLoop.max,
    churnLoopP99Ms: loop.percentile(99) / 1e6,
    churnLoopMaxMs: loop.max / 1e6,
    ...memory,
  };
}

runChild(async (link) => {
  const command = await link.next();
  if (command.type !== "run") throw new BenchError("protocol", `membership child expected 'run', got '${command.type}'`);
  const config = command["config"] as ScaleConfig;
  const records: ServiceMember[] = Array.from({ length: config.n }, (_v, i) => ({ id: `m${i}`, addr: config.addr }));
  const { registry, close } = await memberRegistry(config, records);
  const node = createCluster({ registry, timeout: 10_000 });
  const balancers: BalancerScale[] = [];
  let memory: Pick<ScaleResult, "heapPerMember" | "rssPerMember"> = {};
  try {
    // round-robin first: its target is the one measured for memory (a fresh process, nothing else
    // made yet), once its calls connected every member.
    for (const balance of ["round-robin", "least-pending", "key-hash"] as const) {
      const { heapPerMember, rssPerMember, ...result } = await measureBalancer(node, registry, config, balance, balance === "round-robin");
      if (heapPerMember !== undefined && rssPerMember !== undefined) memory = { heapPerMember, rssPerMember };
      balancers.push(result);
    }
  } finally {
    await node.shutdown();
    await close();
  }
  balancers.sort((a, b) => BALANCERS.indexOf(a.id as (typeof BALANCERS)[number]) - BALANCERS.indexOf(b.id as (typeof BALANCERS)[number]));
  const result: ScaleResult = { n: config.n, registry: config.registry, ...memory, balancers };
  link.send({ type: "result", result });
});
