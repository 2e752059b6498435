/**
 * The soak's load generator: workers making a mix of calls through long-lived peers, with every
 * outcome tallied by code. Echo replies are checked byte for byte.
 */
import { randomBytes } from "node:crypto";
import { isClusterError, type ClusterNode, type Peer } from "../../runtime/index.ts";
import { FIXTURE_CMD } from "../fixture-server/commands.ts";

/** Codes a call may legitimately fail with while servers are killed, stalled and restarted. */
export const DOCUMENTED_CODES: ReadonlySet<string> = new Set([
  "timeout",
  "closed",
  "peer-closed",
  "connect-failed",
  "aborted",
  "queue-full",
  "too-many-pending",
]);

/** Running totals of the load. */
export interface LoadTally {
  /** Operations started. */
  started: number;
  /** Operations settled (resolved or rejected). */
  settled: number;
  /** Operations that succeeded. */
  ok: number;
  /** Echo replies that differed from the request. */
  corrupt: number;
  /** Failures by error code ("non-cluster-error" for anything that is not a ClusterError). */
  readonly failures: Map<string, number>;
}

/** Creates an empty tally. */
export function createTally(): LoadTally {
  return { started: 0, settled: 0, ok: 0, corrupt: 0, failures: new Map() };
}

/** One client node and the peers its workers pick from. */
export interface LoadTarget {
  /** The client node. */
  readonly node: ClusterNode;
  /** Peers of that node (one per server). */
  readonly peers: readonly Peer[];
}

/** Options for {@link runWorker}. */
export interface WorkerOptions {
  /** Where to send calls. */
  readonly targets: readonly LoadTarget[];
  /** Outcomes go here. */
  readonly tally: LoadTally;
  /** Returns false once the worker should stop. */
  readonly running: () => boolean;
  /** Call timeout in ms. */
  readonly timeout: number;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function recordFailure(tally: LoadTally, error: unknown): void {
  const code = isClusterError(error) ? error.code : "non-cluster-error";
  tally.failures.set(code, (tally.failures.get(code) ?? 0) + 1);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function bodyOfRandomSize(): Uint8Array {
  const r = Math.random();
  const size = r < 0.6 ? Math.floor(Math.random() * 64) : r < 0.97 ? Math.floor(Math.random() * 4096) : 60000;
  return randomBytes(size);
}

/** Runs one operation of the mix; resolves true on success. Never rejects. */
async function operation(target: LoadTarget, options: WorkerOptions): Promise<boolean> {
  const { node } = target;
  const peer = pick(target.peers);
  const r = Math.random();
  const timeout = options.timeout;
  if (r < 0.65) {
    const body = bodyOfRandomSize();
    const reply = await node.callRaw(peer, FIXTURE_CMD.echo, body, { timeout });
    if (!sameBytes(reply, body)) options.tally.corrupt++;
    return true;
  }
  if (r < 0.75) {
    const body = Uint8Array.of(Math.floor(Math.random() * 30), 1, 2, 3);
    const reply = await node.callRaw(peer, FIXTURE_CMD.delayedEcho, body, { timeout });
    if (!sameBytes(reply, body)) options.tally.corrupt++;
    return true;
  }
  if (r < 0.78) {
    await node.callRaw(peer, FIXTURE_CMD.never, Uint8Array.of(0), { timeout: 50 + Math.floor(Math.random() * 200) });
    return true;
  }
  if (r < 0.9) {
    await node.sendRaw(peer, FIXTURE_CMD.oneWay, randomBytes(Math.floor(Math.random() * 256)));
    return true;
  }
  if (r < 0.95) {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), Math.floor(Math.random() * 20));
    const body = Uint8Array.of(Math.floor(Math.random() * 40));
    await node.callRaw(peer, FIXTURE_CMD.delayedEcho, body, { timeout, signal: controller.signal });
    return true;
  }
  // A burst of concurrent echoes through one peer.
  const bodies = Array.from({ length: 50 }, () => randomBytes(Math.floor(Math.random() * 128)));
  const replies = await Promise.allSettled(bodies.map((b) => node.callRaw(peer, FIXTURE_CMD.echo, b, { timeout })));
  let failure: unknown;
  replies.forEach((reply, i) => {
    if (reply.status === "rejected") failure = reply.reason;
    else if (!sameBytes(reply.value, bodies[i] as Uint8Array)) options.tally.corrupt++;
  });
  if (failure !== undefined) throw failure;
  return true;
}

/** Runs operations back to back until `running()` turns false; backs off briefly after a failure. */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const { tally } = options;
  while (options.running()) {
    const target = pick(options.targets);
    tally.started++;
    let ok = false;
    try {
      ok = await operation(target, options);
    } catch (error) {
      recordFailure(tally, error);
    }
    tally.settled++;
    if (ok) tally.ok++;
    else await pause(5 + Math.floor(Math.random() * 20));
  }
}
