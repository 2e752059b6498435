/**
 * The soak: mixed load from two client nodes (one per wire version) against child-process servers
 * that are killed (SIGKILL / SIGTERM), stalled (SIGSTOP … SIGCONT) and restarted at random, while
 * RSS, pending calls, connections and timers are sampled. Used by `npm run soak` and, briefly, by
 * the test suite.
 */
import { createCluster, createSilentLogger, type ClusterNode, type Peer, type WireVersion } from "../../runtime/index.ts";
import { killChildServer, restartChildServer, startChildServer, type ChildServer } from "../fixture-server/processes.ts";
import { unsettledAfter } from "./settle.ts";
import { createTally, DOCUMENTED_CODES, runWorker, type LoadTally, type LoadTarget } from "./load.ts";

/** Options for {@link runSoak}. */
export interface SoakOptions {
  /** How long the load runs, in seconds. */
  readonly seconds: number;
  /** Child servers per wire version; default 2. */
  readonly serversPerWire?: number;
  /** Concurrent workers per client node; default 32. */
  readonly workers?: number;
  /** Mean ms between chaos actions (kill, stall, restart, peer close); default 1500. */
  readonly chaosInterval?: number;
  /** Call timeout in ms; default 1000. */
  readonly timeout?: number;
  /** ms between samples; default 1000. */
  readonly sampleInterval?: number;
  /** Called with every sample (progress output). */
  readonly onSample?: (sample: SoakSample) => void;
}

/** One periodic measurement. */
export interface SoakSample {
  /** Seconds since the start. */
  readonly second: number;
  /** Resident set size in bytes. */
  readonly rss: number;
  /** V8 heap in use in bytes. */
  readonly heapUsed: number;
  /** Calls in flight, both client nodes. */
  readonly pending: number;
  /** Open connections, both client nodes. */
  readonly connections: number;
  /** Timer-wheel entries, both client nodes. */
  readonly timers: number;
  /** Operations settled so far. */
  readonly settled: number;
}

/** The outcome of a soak. */
export interface SoakReport {
  /** Seconds the load ran. */
  readonly seconds: number;
  /** Operations started / settled / succeeded, and echo mismatches. */
  readonly tally: LoadTally;
  /** Failures whose code is not documented for these faults. */
  readonly undocumented: ReadonlyMap<string, number>;
  /** Chaos actions performed, by kind. */
  readonly chaos: ReadonlyMap<string, number>;
  /** Samples over time. */
  readonly samples: readonly SoakSample[];
  /**
   * Operations still unsettled {@link SETTLE_GRACE_MS} plus twice the call timeout after the load
   * stopped (must be 0): each has a timeout, so one still open by then hangs.
   */
  readonly unsettledAtDeadline: number;
  /** Calls pending once the load stopped (must be 0). */
  readonly finalPending: number;
  /** Timer-wheel entries once the load stopped (must be 0). */
  readonly finalTimers: number;
  /** Active handles/requests by type after shutdown that were not there before the soak. */
  readonly leakedResources: readonly string[];
  /** True when every check held. */
  readonly passed: boolean;
}

interface ServerSlot {
  readonly wire: WireVersion;
  server: ChildServer;
  busy: boolean;
}

const WIRES: readonly WireVersion[] = ["silly-0.7.0", "silly-0.7.1"];

/** Slack on top of twice the call timeout for the last operations to settle once the load stops. */
export const SETTLE_GRACE_MS = 5000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Kills, stalls or restarts one random idle server, or closes and reopens one client peer. */
async function chaosStep(slots: ServerSlot[], targets: LoadTarget[], chaos: Map<string, number>): Promise<void> {
  const r = Math.random();
  if (r < 0.1) {
    const target = targets[Math.floor(Math.random() * targets.length)] as LoadTarget;
    const index = Math.floor(Math.random() * target.peers.length);
    const old = target.peers[index] as Peer;
    const fresh = await target.node.connect(old.address).catch(() => null);
    if (fresh === null) return;
    (target.peers as Peer[])[index] = fresh;
    await target.node.close(old);
    count(chaos, "peer-close-reopen");
    return;
  }
  const idle = slots.filter((s) => !s.busy);
  const slot = idle[Math.floor(Math.random() * idle.length)];
  if (slot === undefined) return;
  slot.busy = true;
  try {
    if (r < 0.3) {
      count(chaos, "sigstop");
      slot.server.child.kill("SIGSTOP");
      await sleep(200 + Math.floor(Math.random() * 1300));
      slot.server.child.kill("SIGCONT");
      return;
    }
    const signal: NodeJS.Signals = r < 0.8 ? "SIGKILL" : "SIGTERM";
    count(chaos, signal.toLowerCase());
    await killChildServer(slot.server, signal);
    await sleep(Math.floor(Math.random() * 800));
    slot.server = await restartChildServer(slot.server, slot.wire);
  } finally {
    slot.busy = false;
  }
}

function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) count(counts, type);
  return counts;
}

/** Runs the soak and reports; never throws for load failures (they are in the report). */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const serversPerWire = options.serversPerWire ?? 2;
  const workers = options.workers ?? 32;
  const chaosInterval = options.chaosInterval ?? 1500;
  const timeout = options.timeout ?? 1000;
  const sampleInterval = options.sampleInterval ?? 1000;
  const baseline = activeResources();
  const slots: ServerSlot[] = [];
  for (const wire of WIRES) {
    for (let i = 0; i < serversPerWire; i++) slots.push({ wire, server: await startChildServer({ wire }), busy: false });
  }
  const nodes: ClusterNode[] = [];
  const targets: LoadTarget[] = [];
  for (const wire of WIRES) {
    const node = createCluster({
      wire,
      timeout,
      connectTimeout: 1000,
      logger: createSilentLogger(),
      reconnect: { initialDelay: 20, maxDelay: 200 },
    });
    nodes.push(node);
    const peers: Peer[] = [];
    for (const slot of slots.filter((s) => s.wire === wire)) peers.push(await node.connect(`127.0.0.1:${slot.server.port}`));
    targets.push({ node, peers });
  }

  const tally = createTally();
  const chaos = new Map<string, number>();
  const samples: SoakSample[] = [];
  const start = Date.now();
  const deadline = start + options.seconds * 1000;
  const running = (): boolean => Date.now() < deadline;
  const sample = (): void => {
    const memory = process.memoryUsage();
    let pending = 0;
    let connections = 0;
    let timers = 0;
    for (const node of nodes) {
      const stats = node.stats();
      pending += stats.pending;
      connections += stats.connections;
      timers += stats.timers;
    }
    const s: SoakSample = {
      second: Math.round((Date.now() - start) / 1000),
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      pending,
      connections,
      timers,
      settled: tally.settled,
    };
    samples.push(s);
    options.onSample?.(s);
  };
  const sampler = setInterval(sample, sampleInterval);
  const chaosLoop = (async () => {
    const inFlight: Promise<void>[] = [];
    while (running()) {
      await sleep(Math.floor(chaosInterval / 2 + Math.random() * chaosInterval));
      if (!running()) break;
      inFlight.push(chaosStep(slots, targets, chaos));
    }
    await Promise.all(inFlight);
  })();
  const workerRuns: Promise<void>[] = [];
  for (const target of targets) {
    for (let i = 0; i < workers; i++) workerRuns.push(runWorker({ targets: [target], tally, running, timeout }));
  }
  // Every operation has a timeout: once the load stops, each worker finishes its last one within
  // about that. Count the operations still open at a deadline rather than waiting for them forever.
  const settleBy = deadline + 2 * timeout + SETTLE_GRACE_MS;
  await unsettledAfter(workerRuns, Math.max(0, settleBy - Date.now()));
  const unsettledAtDeadline = tally.started - tally.settled;
  await chaosLoop;
  clearInterval(sampler);
  sample();
  const last = samples[samples.length - 1] as SoakSample;
  const finalPending = last.pending;
  const finalTimers = last.timers;

  for (const slot of slots) await killChildServer(slot.server);
  await Promise.all(nodes.map((n) => n.shutdown()));
  await sleep(200);
  const leakedResources: string[] = [];
  for (const [type, n] of activeResources()) {
    const extra = n - (baseline.get(type) ?? 0);
    if (extra > 0) leakedResources.push(`${type} x${extra}`);
  }
  const undocumented = new Map([...tally.failures].filter(([code]) => !DOCUMENTED_CODES.has(code)));
  const passed =
    unsettledAtDeadline === 0 &&
    finalPending === 0 &&
    finalTimers === 0 &&
    tally.corrupt === 0 &&
    undocumented.size === 0 &&
    leakedResources.length === 0;
  return {
    seconds: options.seconds,
    tally,
    undocumented,
    chaos,
    samples,
    unsettledAtDeadline,
    finalPending,
    finalTimers,
    leakedResources,
    passed,
  };
}
