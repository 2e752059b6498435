/**
 * All cores of one host: N worker processes (node:cluster), each a cluster node on its own
 * port, each announced separately as a member of service `worker`; the primary calls the
 * service by name and reaches every worker, then drains them one by one.
 *
 * Run:  ETCD=http://127.0.0.1:2379 npx tsx examples/discovery/cores.ts   (members announced in etcd)
 *       npx tsx examples/discovery/cores.ts                              (no etcd: a static registry)
 * Env:  WORKERS (default: the number of cores), ETCD, PREFIX (default "/clusterc/"),
 *       HOST (default 127.0.0.1), BASE_PORT (worker i listens on BASE_PORT + i; default any port).
 *
 * Without ETCD the workers tell the primary their address over the cluster IPC channel and the
 * primary lists them in a static registry; with ETCD each worker announces itself under a lease.
 */
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { createCluster, createSilentLogger, createStaticRegistry, listenerAddress, type Registry } from "@clusterc/runtime";
import { createEtcdRegistry } from "@clusterc/runtime/etcd";
import { createWorkerClient, serveWorker, WorkerService } from "../../generated/worker.ts";

const ETCD = process.env["ETCD"];
const PREFIX = process.env["PREFIX"] ?? "/clusterc/";
const HOST = process.env["HOST"] ?? "127.0.0.1";
const BASE_PORT = Number(process.env["BASE_PORT"] ?? "0");
const WORKERS = Number(process.env["WORKERS"] ?? availableParallelism());

/** Messages between the primary and its workers. */
type Ready = { readonly type: "ready"; readonly index: number; readonly addr: string };

function etcdRegistry(): Registry | undefined {
  return ETCD === undefined ? undefined : createEtcdRegistry({ hosts: ETCD, prefix: PREFIX, ttl: 5, logger: createSilentLogger() });
}

async function worker(): Promise<void> {
  const index = Number(process.env["WORKER_INDEX"]);
  const registry = etcdRegistry();
  const node = createCluster({ ...(registry ? { registry } : {}), logger: createSilentLogger() });
  serveWorker(node, {
    work: (request) => ({ taskId: request.taskId, output: `worker ${index}` }),
  });
  const listener = await node.listen(`${HOST}:${BASE_PORT > 0 ? BASE_PORT + index : 0}`);
  await registry?.announce("worker", listener, { meta: { pid: process.pid, worker: index } });
  process.send?.({ type: "ready", index, addr: listenerAddress(listener) } satisfies Ready);
  process.on("message", (message) => {
    if (message !== "drain") return;
    // Leave the registry, finish what was accepted, close; then the process ends by itself.
    void node
      .drain({ quiet: 100 })
      .then(() => registry?.close())
      .then(() => process.disconnect?.());
  });
}

async function primary(): Promise<void> {
  const ready = new Map<number, string>();
  const workers = Array.from({ length: WORKERS }, (_, i) => cluster.fork({ WORKER_INDEX: String(i + 1) }));
  await new Promise<void>((resolve) => {
    for (const w of workers) {
      w.on("message", (message: Ready) => {
        if (message.type !== "ready") return;
        ready.set(message.index, message.addr);
        if (ready.size === WORKERS) resolve();
      });
    }
  });
  console.log(`[primary] ${WORKERS} workers ready (${ETCD === undefined ? "static registry" : "etcd"})`);

  const registry = etcdRegistry() ?? createStaticRegistry({ services: { worker: [...ready.values()] } });
  const node = createCluster({ registry, logger: createSilentLogger() });
  const target = node.service(WorkerService, { balance: "round-robin" });
  const client = createWorkerClient(node, target);
  await target.ready();
  while (target.members().length < WORKERS) await new Promise((resolve) => setTimeout(resolve, 20));
  const ports = new Set(target.members().map((m) => m.addr.slice(m.addr.lastIndexOf(":") + 1)));
  console.log(`[primary] service worker: ${target.members().length} members on ${ports.size} distinct ports`);

  const reached = new Set<string>();
  const results = await Promise.all(Array.from({ length: 4 * WORKERS }, (_, i) => client.work({ taskId: i + 1, data: `task ${i + 1}` })));
  for (const r of results) reached.add(r.output ?? "?");
  console.log(`[primary] ${results.length} tasks answered by: ${[...reached].sort().join(", ")}`);

  for (const w of workers) w.send("drain");
  await Promise.all(workers.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once("exit", () => resolve())))));
  console.log(`[primary] workers drained and exited`);
  await node.shutdown();
  await registry.close();
  console.log("done");
}

if (cluster.isPrimary) await primary();
else await worker();
