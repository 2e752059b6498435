/**
 * A real etcd for the discovery tests: `etcd` (Debian's etcd-server) on free loopback ports with
 * a temporary data directory, stopped by PID (SIGTERM, then SIGKILL) and restartable on the same
 * ports — with its data, or wiped (etcd lost everything).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running (or stopped) etcd. */
export interface EtcdServer {
  /** Client URL, e.g. "http://127.0.0.1:40123". */
  readonly url: string;
  /** The running process's id (undefined while stopped), e.g. to freeze it with SIGSTOP. */
  readonly pid: number | undefined;
  /** Stops it (SIGTERM, SIGKILL after 3 s); resolves once the process is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same ports; `wipe` empties the data directory first. */
  restart(options?: { wipe?: boolean }): Promise<void>;
  /** Stops it and removes the data directory. */
  dispose(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound to port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    const body = (await response.json()) as { health?: unknown };
    return body.health === "true" || body.health === true;
  } catch {
    return false;
  }
}

/**
 * Starts etcd on free loopback ports (with `extraArgs` added to its command line); resolves once it answers /health. A port taken between
 * picking and binding makes it try again with other ports (3 attempts); rejects after `startTimeout` ms each.
 */
export async function startEtcd(options: { startTimeout?: number; extraArgs?: readonly string[] } = {}): Promise<EtcdServer> {
  if (spawnSync("etcd", ["--version"], { stdio: "ignore" }).error !== undefined) {
    throw new Error(
      "etcd is not installed: the discovery tests start a real etcd on loopback. Install it first " +
        "(Debian/Ubuntu: apt-get install etcd-server; see the README's Quick start for every prerequisite)",
    );
  }
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startEtcdOnce(options);
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

async function startEtcdOnce(options: { startTimeout?: number; extraArgs?: readonly string[] }): Promise<EtcdServer> {
  const startTimeout = options.startTimeout ?? 20_000;
  const dataDir = mkdtempSync(join(tmpdir(), "clusterc-etcd-"));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  let child: ChildProcess | null = null;
  let log = "";

  const launch = async (): Promise<void> => {
    const proc = spawn(
      "etcd",
      [
        "--name",
        "clusterc-test",
        "--data-dir",
        dataDir,
        "--listen-client-urls",
        url,
        "--advertise-client-urls",
        url,
        "--listen-peer-urls",
        peerUrl,
        "--initial-advertise-peer-urls",
        peerUrl,
        "--initial-cluster",
        `clusterc-test=${peerUrl}`,
        "--log-level",
        "error",
        ...(options.extraArgs ?? []),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child = proc;
    log = "";
    const keep = (chunk: Buffer): void => {
      log = (log + chunk.toString()).slice(-4000);
    };
    proc.stdout?.on("data", keep);
    proc.stderr?.on("data", keep);
    const deadline = Date.now() + startTimeout;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`etcd exited at start (${String(proc.exitCode ?? proc.signalCode)}):\n${log}`);
      }
      if (await healthy(url)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    proc.kill("SIGKILL");
    throw new Error(`etcd did not answer within ${startTimeout} ms:\n${log}`);
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (proc === null || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await launch();
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    get pid() {
      return child?.pid;
    },
    stop,
    async restart(restartOptions = {}) {
      await stop();
      if (restartOptions.wipe === true) {
        rmSync(dataDir, { recursive: true, force: true });
      }
      await launch();
    },
    async dispose() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
