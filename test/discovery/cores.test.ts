/**
 * All cores of one host (examples/discovery/cores.ts): two node:cluster workers, each a node on
 * its own port announced on its own — in a real etcd, and with the static registry fallback — are
 * both reached by calls by service name, then drained; nothing stays registered. The two runs
 * are independent (ports of their own, a prefix of its own in etcd) and run side by side.
 */
import { execFile } from "node:child_process";
import { Etcd3 } from "etcd3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEtcd, type EtcdServer } from "./support/etcd.ts";
import { REPO_ROOT } from "./support/transpile.ts";

let etcd: EtcdServer;
beforeAll(async () => {
  etcd = await startEtcd();
}, 30_000);
afterAll(async () => {
  await etcd?.dispose();
});

function runExample(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "examples/discovery/cores.ts"],
      { cwd: REPO_ROOT, timeout: 60_000, env: { ...process.env, WORKERS: "2", ...env } },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr }),
    );
  });
}

const STORY = [
  "[primary] service worker: 2 members on 2 distinct ports",
  "[primary] 8 tasks answered by: worker 1, worker 2",
  "[primary] workers drained and exited",
  "done",
];

describe.concurrent("all cores: examples/discovery/cores.ts", () => {
  it("with etcd: each worker registers itself, both are reached by name, and both leave on drain", async () => {
    const prefix = `/clusterc-cores-${process.pid}/`;
    const run = await runExample({ ETCD: etcd.url, PREFIX: prefix });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("[primary] 2 workers ready (etcd)");
    for (const line of STORY) expect(run.stdout.split("\n")).toContain(line);
    const client = new Etcd3({ hosts: etcd.url });
    try {
      expect(await client.getAll().prefix(prefix).keys()).toEqual([]);
    } finally {
      client.close();
    }
  }, 70_000);

  it("without etcd: the primary lists the workers' addresses in a static registry", async () => {
    const run = await runExample({});
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("[primary] 2 workers ready (static registry)");
    for (const line of STORY) expect(run.stdout.split("\n")).toContain(line);
  }, 70_000);
});
