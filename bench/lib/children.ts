/**
 * Parent side of the child processes: spawns a TypeScript entry under `node --import tsx`,
 * optionally pinned to one CPU with `taskset`, speaks the line protocol with it, and keeps
 * a registry so that every child is killed at the end of the run, even on error.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { MESSAGE_PREFIX, createLineSplitter, parseMessage, type BenchMessage } from "./child-protocol.ts";
import { BenchError, type BenchErrorCode } from "./errors.ts";

/** Repository root (bench/lib/ → ../../). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Options of {@link spawnChild}. */
export interface SpawnChildOptions {
  /** Entry script, relative to the repository root (e.g. `bench/rpc/server-child.ts`). */
  readonly script: string;
  readonly args?: readonly string[];
  /** A short label for logs and errors. */
  readonly label: string;
  /** CPU to pin the child to (ignored when taskset is unavailable). */
  readonly cpu?: number;
  /** Extra `node` flags (e.g. `--expose-gc`, `--cpu-prof`). */
  readonly nodeFlags?: readonly string[];
  /** Echo the child's stderr and log lines to our stderr. */
  readonly verbose?: boolean;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
}

/** A running child process speaking the bench line protocol. */
export interface BenchChild {
  readonly label: string;
  readonly pid: number | undefined;
  /** Sends one command line to the child. */
  send(message: BenchMessage): void;
  /**
   * Resolves with the next message of the given type. Rejects when the child reports
   * `{type:"error"}`, exits first, or `timeoutMs` passes (the child is then killed).
   */
  expect(type: string, timeoutMs: number): Promise<BenchMessage>;
  /** Asks the child to stop (closes its stdin) and kills it if it is still alive after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();

const CODES: readonly BenchErrorCode[] = ["usage", "child-failed", "child-timeout", "protocol", "wrong-answer", "unavailable", "io"];
function errorCodeOf(value: unknown): BenchErrorCode {
  return CODES.find((c) => c === value) ?? "child-failed";
}
let tasksetChecked: boolean | undefined;

/** True when `taskset` is on the PATH (checked once). */
export function hasTaskset(): boolean {
  if (tasksetChecked === undefined) {
    const probe = spawnSync("sh", ["-c", "command -v taskset"], { encoding: "utf8" });
    tasksetChecked = probe.status === 0 && probe.stdout.trim() !== "";
  }
  return tasksetChecked;
}

/** The command line that runs `command args` pinned to `cpu` when possible. */
export function pinnedCommand(cpu: number | undefined, command: string, args: readonly string[]): [string, string[]] {
  if (cpu !== undefined && hasTaskset()) return ["taskset", ["-c", String(cpu), command, ...args]];
  return [command, [...args]];
}

/** Kills every child still alive (SIGKILL). Safe to call more than once. */
export function killAllChildren(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  live.clear();
}

process.on("exit", killAllChildren);

/** Spawns a bench child process; see {@link BenchChild}. */
export function spawnChild(options: SpawnChildOptions): BenchChild {
  const nodeArgs = ["--import", "tsx", ...(options.nodeFlags ?? []), options.script, ...(options.args ?? [])];
  const [command, args] = pinnedCommand(options.cpu, process.execPath, nodeArgs);
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...options.env } });
  live.add(child);
  const inbox: BenchMessage[] = [];
  let notify: (() => void) | undefined;
  let stderrTail = "";
  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.on("close", (code, signal) => {
      exited = signal ? `killed by ${signal}` : `exited with code ${code}`;
      live.delete(child);
      notify?.();
      resolve();
    });
  });
  child.on("error", (err) => {
    exited = `failed to start: ${err.message}`;
    live.delete(child);
    notify?.();
  });
  child.stdin?.on("error", () => undefined);
  const splitter = createLineSplitter();
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    for (const line of splitter.push(chunk)) {
      const message = line.startsWith(MESSAGE_PREFIX) ? parseMessage(line.slice(MESSAGE_PREFIX.length)) : undefined;
      if (message) inbox.push(message);
      else if (options.verbose && line !== "") process.stderr.write(`[${options.label}] ${line}\n`);
    }
    notify?.();
  });
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2000);
    if (options.verbose) process.stderr.write(`[${options.label}] ${chunk}`);
  });
  const failure = (why: string, code: BenchErrorCode = "child-failed"): BenchError =>
    new BenchError(code, `${options.label}: ${why}${code === "child-failed" && stderrTail ? `\n${stderrTail.trim()}` : ""}`);

  return {
    label: options.label,
    pid: child.pid,
    send(message) {
      child.stdin?.write(`${JSON.stringify(message)}\n`);
    },
    expect(type, timeoutMs) {
      return new Promise<BenchMessage>((resolve, reject) => {
        const timer = setTimeout(() => {
          notify = undefined;
          child.kill("SIGKILL");
          reject(new BenchError("child-timeout", `${options.label}: no '${type}' within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = (): void => {
          const index = inbox.findIndex((m) => m.type === type || m.type === "error");
          if (index >= 0) {
            const [message] = inbox.splice(index, 1);
            clearTimeout(timer);
            notify = undefined;
            if (message!.type === "error") reject(failure(String(message!.message), errorCodeOf(message!.code)));
            else resolve(message!);
            return;
          }
          if (exited !== undefined) {
            clearTimeout(timer);
            notify = undefined;
            reject(failure(exited));
          }
        };
        notify = check;
        check();
      });
    },
    async stop(graceMs = 2000) {
      if (exited !== undefined) return;
      child.stdin?.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
