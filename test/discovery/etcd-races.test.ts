/**
 * The etcd registry when calls overlap, on a real etcd: an announcement still in flight when it
 * is withdrawn, or when the registry is closed, must not leave its key behind (kept alive by the
 * registry's lease, it would be called forever); and a process that closed its registry exits by
 * itself soon after, even when the close came while the lease was being granted, after etcd had
 * been unreachable for a while, or after a watch request outlived its deadline; a watch closed
 * before its first list settles `ready`.
 */
import { spawn } from "node:child_process";
import { Etcd3 } from "etcd3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEtcdRegistry } from "../../runtime/discovery/etcd-registry.ts";
import { isClusterError } from "../../runtime/core/errors.ts";
import { createSilentLogger } from "../../runtime/core/logger.ts";
import type { Listener } from "../../runtime/connection/listener.ts";
import { freePort, startEtcd, type EtcdServer } from "./support/etcd.ts";
import { REPO_ROOT, transpiledEntry } from "./support/transpile.ts";

let etcd: EtcdServer;
let inspect: Etcd3;
let run = 0;

beforeAll(async () => {
  etcd = await startEtcd();
  inspect = new Etcd3({ hosts: etcd.url });
}, 30_000);

afterAll(async () => {
  inspect?.close();
  await etcd?.dispose();
});

function freshPrefix(): string {
  return `/clusterc-races-${process.pid}-${++run}/`;
}

const listener = (port: number): Listener => ({ address: { host: "127.0.0.1", port }, connections: 0, closed: false, wire: "silly-0.7.0" });

/** What a promise settled with: "resolved" or the rejection's code. */
function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "resolved",
    (e: unknown) => (isClusterError(e) ? e.code : String(e)),
  );
}

describe("etcd registry: overlapping announce, withdraw and close", () => {
  it("an announcement withdrawn before it resolved leaves no key (the first one, while the lease is granted)", async () => {
    const prefix = freshPrefix();
    const registry = createEtcdRegistry({ client: inspect, prefix, ttl: 5, logger: createSilentLogger() });
    try {
      const l = listener(7101);
      const announced = outcome(registry.announce("calc", l));
      await registry.withdraw([l]);
      expect(await announced).toBe("resolved");
      expect(await inspect.getAll().prefix(prefix).keys()).toEqual([]);
      // The registry still works: a new announcement is visible.
      await registry.announce("calc", listener(7102));
      expect(await inspect.getAll().prefix(prefix).keys()).toEqual([`${prefix}services/calc/127.0.0.1:7102`]);
    } finally {
      await registry.close();
    }
    expect(await inspect.getAll().prefix(prefix).keys()).toEqual([]);
  });

  it("an announcement in flight when close() is called is refused and leaves no key (a client of the caller's, still open)", async () => {
    const prefix = freshPrefix();
    const registry = createEtcdRegistry({ client: inspect, prefix, ttl: 5, logger: createSilentLogger() });
    const announced = outcome(registry.announce("calc", listener(7103)));
    await registry.close();
    expect(await announced).toBe("closed");
    expect(await inspect.getAll().prefix(prefix).keys()).toEqual([]);
  });
});

/** Runs fixtures/close-exit.ts; resolves how long after "CLOSED" it exited (ms), or Infinity if not within `limit` ms. */
function exitAfterClose(args: Record<string, unknown>, onReady: () => Promise<void>, limit: number): Promise<number> {
  const entry = transpiledEntry("test/discovery/fixtures/close-exit.ts");
  const child = spawn(process.execPath, [entry, JSON.stringify(args)], { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise<number>((resolve, reject) => {
    let closedAt = 0;
    let readied = false;
    let killer: NodeJS.Timeout | undefined;
    const onData = (): void => {
      if (!readied && out.includes("READY")) {
        readied = true;
        onReady().then(
          () => child.stdin.write("CLOSE\n"),
          (error: unknown) => {
            child.kill("SIGKILL");
            reject(error);
          },
        );
      }
      if (closedAt === 0 && out.includes("CLOSED")) {
        closedAt = Date.now();
        killer = setTimeout(() => child.kill("SIGKILL"), limit);
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code, signal) => {
      if (killer !== undefined) clearTimeout(killer);
      if (closedAt === 0) reject(new Error(`close-exit fixture ended before closing (${String(code ?? signal)}):\n${out}`));
      else resolve(signal === "SIGKILL" ? Number.POSITIVE_INFINITY : Date.now() - closedAt);
    });
  });
}

describe("a process that closed its etcd registry exits by itself", () => {
  it("after an announcement that was still waiting for its lease when close() was called", async () => {
    // ttl 10: a lease granted after close() and kept alive would hold the process for 2 × ttl = 20 s.
    const took = await exitAfterClose({ etcd: etcd.url, prefix: freshPrefix(), mode: "announce-close" }, async () => undefined, 8000);
    expect(took).toBeLessThan(8000);
  }, 60_000);

  it("after etcd had been unreachable for a while (the etcd client's watch reconnect backoff is bounded)", async () => {
    const took = await exitAfterClose(
      { etcd: etcd.url, prefix: freshPrefix(), mode: "watch-outage" },
      async () => {
        // An outage of a few seconds: long enough for etcd3's default watch backoff to grow to tens of seconds.
        await etcd.stop();
        await new Promise((resolve) => setTimeout(resolve, 6000));
      },
      8000,
    );
    await etcd.restart();
    expect(took).toBeLessThan(8000);
  }, 90_000);
});

describe("a watch request that outlived its deadline", () => {
  it("is cancelled, so the process exits by itself after close (etcd frozen while the watcher was created)", async () => {
    const pid = etcd.pid as number;
    try {
      const took = await exitAfterClose(
        { etcd: etcd.url, prefix: freshPrefix(), mode: "watch-stall", etcdPid: pid },
        async () => undefined,
        8000,
      );
      expect(took).toBeLessThan(8000);
    } finally {
      process.kill(pid, "SIGCONT");
    }
  }, 60_000);
});

describe("a watch closed before its first member list", () => {
  it("settles ready (etcd unreachable: nothing listens on its port)", async () => {
    const registry = createEtcdRegistry({ hosts: `http://127.0.0.1:${await freePort()}`, logger: createSilentLogger() });
    const watch = registry.watch("calc");
    let ready = false;
    void watch.ready.then(() => (ready = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ready).toBe(false);
    await registry.close();
    const deadline = Date.now() + 5000;
    while (!ready && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ready).toBe(true);
    expect(watch.members()).toEqual([]);
  });
});
