/**
 * Members of service `calc` in child processes, announced in etcd (fixtures/etcd-member.ts):
 * start on a port (0 = any), kill with a signal, drain, restart on the same port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { REPO_ROOT, transpiledEntry } from "./transpile.ts";

/** Where and how a member announces itself. */
export interface MemberConfig {
  readonly etcd: string;
  readonly prefix: string;
  readonly ttl: number;
  readonly index: number;
  readonly port?: number;
}

/** A running member process. */
export interface MemberProcess {
  readonly child: ChildProcess;
  readonly index: number;
  readonly port: number;
  /** "127.0.0.1:port". */
  readonly address: string;
  /** Resolves once the process has exited. */
  readonly exited: Promise<void>;
  /** Everything it printed. */
  output(): string;
}

/** Starts a member and resolves once it listens and is announced (rejects after `timeout` ms). */
export function startMember(config: MemberConfig, timeout = 20_000): Promise<MemberProcess> {
  const entry = transpiledEntry("test/discovery/fixtures/etcd-member.ts");
  const child = spawn(process.execPath, [entry, JSON.stringify({ port: 0, ...config })], {
    cwd: REPO_ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  const keep = (chunk: Buffer): void => {
    out += chunk.toString();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return new Promise<MemberProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`member ${config.index} did not start within ${timeout} ms:\n${out}`));
    }, timeout);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`member ${config.index} exited before listening (code ${String(code)}):\n${out}`));
    };
    child.once("exit", onExit);
    const onData = (): void => {
      const match = /LISTENING (\d+)/.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      child.stdout?.off("data", onData);
      const port = Number(match[1]);
      resolve({ child, index: config.index, port, address: `127.0.0.1:${port}`, exited, output: () => out });
    };
    child.stdout?.on("data", onData);
  });
}

/** Sends `signal` (default SIGKILL) and resolves once the process is gone. */
export async function killMember(member: MemberProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (member.child.exitCode === null && member.child.signalCode === null) member.child.kill(signal);
  await member.exited;
}

/** Asks the member to drain and resolves once it printed "DRAINED" and exited. */
export async function drainMember(member: MemberProcess): Promise<void> {
  member.child.stdin?.write("DRAIN\n");
  await member.exited;
  if (!member.output().includes("DRAINED")) throw new Error(`member ${member.index} exited without draining:\n${member.output()}`);
}

/** Starts a member again on `port`, retrying while the port is still held by the dying process. */
export async function restartMember(config: MemberConfig & { port: number }, attempts = 20): Promise<MemberProcess> {
  let last: unknown = new Error("restart not attempted");
  for (let i = 0; i < attempts; i++) {
    try {
      return await startMember(config);
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`could not restart member ${config.index} on port ${config.port}`, { cause: last });
}
