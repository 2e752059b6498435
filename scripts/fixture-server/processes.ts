/**
 * Child-process fixture servers for fault injection and the soak: start on a port (0 = any),
 * kill with a signal, restart on the same port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { WireVersion } from "../../runtime/index.ts";
import { compiledFixtureServer } from "./transpile.ts";

/** The repository root (the children's cwd). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A running fixture server. */
export interface ChildServer {
  /** The process. */
  readonly child: ChildProcess;
  /** The bound port. */
  readonly port: number;
  /** Resolves once the process has exited. */
  readonly exited: Promise<void>;
}

/** Options for {@link startChildServer}. */
export interface ChildServerOptions {
  /** Wire version of the server node. */
  readonly wire: WireVersion;
  /** Port to bind (0 picks one); default 0. */
  readonly port?: number;
  /** The server node's limits.maxConnections; default 10000. */
  readonly maxConnections?: number;
  /** Give up after this many ms; default 20000. */
  readonly startTimeout?: number;
  /** Load everything but bind only when {@link StandbyServer.start} is called. */
  readonly standby?: boolean;
}

/** A server process that loads and then waits to bind (see {@link prepareChildServer}). */
export interface StandbyServer {
  /** Resolves once the process has loaded and waits for {@link StandbyServer.start}. */
  readonly loaded: Promise<void>;
  /** Binds and resolves once listening. */
  start(): Promise<ChildServer>;
  /** Kills the waiting process. */
  discard(): void;
}

/** Spawns a server that binds only when told to: a restart then costs a bind, not a process start. */
export function prepareChildServer(options: ChildServerOptions): StandbyServer {
  let child: ChildProcess | undefined;
  let onLoaded = (): void => {};
  const loaded = new Promise<void>((resolve) => (onLoaded = resolve));
  const ready = startChildServer({ ...options, standby: true, onSpawn: (c) => (child = c), onStandby: () => onLoaded() });
  ready.catch(() => onLoaded());
  return {
    loaded,
    start() {
      child?.stdin?.write("GO\n");
      return ready;
    },
    discard() {
      child?.kill("SIGKILL");
    },
  };
}

/** Spawns the fixture server and resolves once it listens. */
export function startChildServer(
  options: ChildServerOptions & { onSpawn?: (child: ChildProcess) => void; onStandby?: () => void },
): Promise<ChildServer> {
  const args = [compiledFixtureServer(REPO_ROOT), options.wire, String(options.port ?? 0), String(options.maxConnections ?? 10000)];
  if (options.standby === true) args.push("standby");
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: [options.standby === true ? "pipe" : "ignore", "pipe", "inherit"] });
  options.onSpawn?.(child);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return new Promise<ChildServer>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`fixture server did not start within ${options.startTimeout ?? 20000} ms`));
    }, options.startTimeout ?? 20000);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`fixture server exited before listening (code ${String(code)})`));
    };
    child.once("exit", onExit);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("STANDBY")) options.onStandby?.();
      const match = /LISTENING (\d+)/.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      child.stdout?.removeAllListeners("data");
      child.stdout?.resume();
      resolve({ child, port: Number(match[1]), exited });
    });
  });
}

/** Sends `signal` (default SIGKILL) and resolves once the process is gone. */
export async function killChildServer(server: ChildServer, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null) {
    if (signal === "SIGTERM" || signal === "SIGKILL") child.kill("SIGCONT");
    child.kill(signal);
  }
  await server.exited;
}

/** Restarts a server on its port, retrying while the port is still held (e.g. by a dying process). */
export async function restartChildServer(server: ChildServer, wire: WireVersion, attempts = 20): Promise<ChildServer> {
  await killChildServer(server);
  let lastError: unknown = new Error("restart not attempted");
  for (let i = 0; i < attempts; i++) {
    try {
      return await startChildServer({ wire, port: server.port });
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`could not restart the fixture server on port ${server.port}`, { cause: lastError });
}
