/**
 * The gray-failure runner: etcd, members m0..m2 and a caller, each a process in its own network
 * namespace (test/support/netns), on one switch. It applies {@link FaultStep}s (black holes,
 * stops, kills and restarts, etcd restarts, cuts between two hosts) at their times, and collects
 * what the caller saw (its RESULT, its target's events, every process's log) for the invariants
 * (gray-invariants.ts). Everything is stopped by PID and the namespaces removed by `dispose()`.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestNetwork, requireNetns, type TestNetwork } from "../../support/netns/network.ts";
import { REPO_ROOT, transpiledEntry } from "../../discovery/support/transpile.ts";
import type { FaultPlan, FaultStep } from "./fault-plan.ts";
import type { CallerResult } from "../fixtures/gray-caller.ts";

/** A line a process logged. */
export interface LoggedLine {
  readonly t: number;
  readonly level: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** An event of the caller's service target. */
export interface TargetEvent {
  readonly t: number;
  readonly type: "added" | "removed" | "updated" | "ejected" | "readmitted";
  readonly member: string;
  readonly addr: string;
  readonly reason?: string;
}

/** Options of {@link startGrayCluster}. */
export interface GrayClusterOptions {
  readonly members?: number;
  /** Caller loops, their call timeout and pause between calls (ms). */
  readonly loops: number;
  readonly timeout: number;
  readonly pace: number;
  /** Lease TTL of the members, in s. */
  readonly ttl: number;
  /** The caller's outlier options (its defaults when absent). */
  readonly outlier?: Record<string, number>;
}

/** A running cluster. */
export interface GrayCluster {
  readonly net: TestNetwork;
  /** Every fault applied, with the time it was applied (ms since epoch). */
  readonly applied: ReadonlyArray<{ readonly t: number; readonly step: FaultStep }>;
  /** The caller's target events so far. */
  events(): readonly TargetEvent[];
  /** What a process ("caller", "m0", …) logged so far (all its incarnations). */
  logs(host: string): readonly LoggedLine[];
  /** The caller's view of the members (asks it). */
  members(): Promise<Array<{ id: string; state: string; connected: boolean }>>;
  /** Starts the caller's loops; returns the time. */
  go(): number;
  /** Applies one step now. */
  apply(step: FaultStep): Promise<void>;
  /** Applies a plan's steps at their times (from now), then waits until its end. */
  run(plan: FaultPlan): Promise<void>;
  /** What the caller saw so far (its loops go on). */
  peek(): Promise<CallerResult>;
  /** Stops the loops and returns what the caller saw. */
  stop(): Promise<CallerResult>;
  /** Kills every process and removes the network. */
  dispose(): Promise<void>;
}

const MEMBER = "test/gray/fixtures/gray-member.ts";
const CALLER = "test/gray/fixtures/gray-caller.ts";
const EXTRA = ["test/gray/fixtures/line-logger.ts"];
const PORT = 7000;

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  let rest = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    rest += chunk;
    let i = rest.indexOf("\n");
    while (i >= 0) {
      onLine(rest.slice(0, i));
      rest = rest.slice(i + 1);
      i = rest.indexOf("\n");
    }
  });
  child.stderr?.on("data", () => undefined);
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
}

function waitLine(child: ChildProcess, test: (line: string) => boolean, ms: number, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what}: no answer within ${ms} ms`));
    }, ms);
    const onExit = (): void => {
      cleanup();
      reject(new Error(`${what}: the process exited`));
    };
    const onLine = (line: string): void => {
      if (!test(line)) return;
      cleanup();
      resolve(line);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off("exit", onExit);
      child.off("line", onLine);
    };
    child.once("exit", onExit);
    child.on("line", onLine);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Starts etcd, the members and the caller in a new network; resolves once the caller is READY. */
export async function startGrayCluster(options: GrayClusterOptions): Promise<GrayCluster> {
  requireNetns();
  const count = options.members ?? 3;
  const names = [...Array.from({ length: count }, (_, i) => `m${i}`), "caller", "etcd"];
  const net = createTestNetwork(names);
  const dataDir = mkdtempSync(join(tmpdir(), "clusterc-gray-etcd-"));
  const etcdUrl = `http://${net.host("etcd").ip}:2379`;
  const prefix = `/gray-${process.pid}-${Date.now()}/`;
  const logs = new Map<string, LoggedLine[]>();
  const events: TargetEvent[] = [];
  const procs = new Map<string, ChildProcess>();
  const applied: Array<{ t: number; step: FaultStep }> = [];
  const memberEntry = transpiledEntry(MEMBER, EXTRA);
  const callerEntry = transpiledEntry(CALLER, EXTRA);

  const watch = (name: string, child: ChildProcess): void => {
    procs.set(name, child);
    lines(child, (line) => {
      if (line.startsWith("LOG ")) {
        const m = /^LOG (\d+) (\w+) (.*?) (\{.*\})$/.exec(line);
        if (m !== null) {
          const list = logs.get(name) ?? [];
          logs.set(name, list);
          list.push({
            t: Number(m[1]),
            level: m[2] ?? "",
            message: m[3] ?? "",
            fields: JSON.parse(m[4] ?? "{}") as Record<string, unknown>,
          });
        }
      } else if (line.startsWith("EVENT ")) {
        events.push(JSON.parse(line.slice(6)) as TargetEvent);
      }
      child.emit("line", line);
    });
  };

  const startEtcd = (): void => {
    const child = net.spawn("etcd", "etcd", [
      "--name",
      "gray",
      "--data-dir",
      dataDir,
      "--listen-client-urls",
      etcdUrl,
      "--advertise-client-urls",
      etcdUrl,
      "--listen-peer-urls",
      "http://127.0.0.1:2380",
      "--initial-advertise-peer-urls",
      "http://127.0.0.1:2380",
      "--initial-cluster",
      "gray=http://127.0.0.1:2380",
      "--log-level",
      "error",
    ]);
    watch("etcd", child);
  };
  const startMember = async (name: string): Promise<void> => {
    const index = Number(name.slice(1));
    const config = { etcd: etcdUrl, prefix, ttl: options.ttl, index, host: net.host(name).ip, port: PORT };
    const child = net.spawn(name, process.execPath, [memberEntry, JSON.stringify(config)], { cwd: REPO_ROOT });
    watch(name, child);
    await waitLine(child, (l) => l.startsWith("LISTENING"), 20_000, `member ${name} start`);
  };
  const stopProc = async (name: string, signal: NodeJS.Signals): Promise<void> => {
    const child = procs.get(name);
    if (child === undefined || child.pid === undefined) return;
    process.kill(child.pid, "SIGCONT");
    process.kill(child.pid, signal);
    const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, "SIGKILL"), 3000);
    await exited(child);
    clearTimeout(timer);
  };
  const signal = (name: string, sig: NodeJS.Signals): void => {
    const pid = procs.get(name)?.pid;
    if (pid !== undefined) process.kill(pid, sig);
  };

  let caller: ChildProcess | undefined;
  const dispose = async (): Promise<void> => {
    await net.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    startEtcd();
    await Promise.all(names.filter((n) => n.startsWith("m")).map((n) => startMember(n)));
    const callerConfig = {
      etcd: etcdUrl,
      prefix,
      loops: options.loops,
      timeout: options.timeout,
      pace: options.pace,
      members: count,
      ...(options.outlier !== undefined ? { outlier: options.outlier } : {}),
    };
    caller = net.spawn("caller", process.execPath, [callerEntry, JSON.stringify(callerConfig)], { cwd: REPO_ROOT });
    watch("caller", caller);
    await waitLine(caller, (l) => l === "READY", 20_000, "caller ready");
  } catch (error) {
    await dispose();
    throw error;
  }
  const theCaller = caller;

  const apply = async (step: FaultStep): Promise<void> => {
    applied.push({ t: Date.now(), step });
    switch (step.action) {
      case "blackhole":
        net.blackhole(step.target);
        return;
      case "restore":
        net.restore(step.target);
        return;
      case "cut":
        net.cut(step.target, step.peer ?? "");
        return;
      case "heal":
        net.heal(step.target, step.peer ?? "");
        return;
      case "stop":
        signal(step.target, "SIGSTOP");
        return;
      case "cont":
        signal(step.target, "SIGCONT");
        return;
      case "kill":
        await stopProc(step.target, "SIGKILL");
        return;
      case "restart":
        await startMember(step.target);
        return;
      case "etcd-restart":
        await stopProc("etcd", "SIGTERM");
        startEtcd();
        return;
    }
  };

  return {
    net,
    applied,
    events: () => events,
    logs: (host) => logs.get(host) ?? [],
    async members() {
      const answer = waitLine(theCaller, (l) => l.startsWith("STATE "), 5000, "caller state");
      theCaller.stdin?.write("STATE\n");
      return JSON.parse((await answer).slice(6)) as Array<{ id: string; state: string; connected: boolean }>;
    },
    go() {
      theCaller.stdin?.write("GO\n");
      return Date.now();
    },
    apply,
    async run(plan) {
      const start = Date.now();
      for (const step of plan.steps) {
        await sleep(start + step.at - Date.now());
        await apply(step);
      }
      await sleep(start + plan.duration - Date.now());
    },
    async peek() {
      const answer = waitLine(theCaller, (l) => l.startsWith("PEEK "), 5000, "caller peek");
      theCaller.stdin?.write("PEEK\n");
      return JSON.parse((await answer).slice(5)) as CallerResult;
    },
    async stop() {
      const answer = waitLine(theCaller, (l) => l.startsWith("RESULT "), 15_000, "caller result");
      theCaller.stdin?.write("STOP\n");
      return JSON.parse((await answer).slice(7)) as CallerResult;
    },
    dispose,
  };
}
