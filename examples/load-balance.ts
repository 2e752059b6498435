/**
 * Round-robin load balancing of ten tasks over three workers (silly.net.cluster's
 * "Load Balanced Calls"): each worker takes a little while per task; the client does not
 * wait for one task before dispatching the next.
 *
 * Run: npx tsx examples/load-balance.ts
 */
import { createCluster, listenerAddress } from "@clusterc/runtime";
import { createWorkerClient, serveWorker } from "../generated/worker.ts";

const workers = [1, 2, 3].map((id) => {
  const node = createCluster({ timeout: 3000 });
  serveWorker(node, {
    async work(request) {
      console.log(`[worker ${id}] processing task #${request.taskId}: ${request.data}`);
      await new Promise((r) => setTimeout(r, 20 + ((request.taskId ?? 0) % 4) * 10));
      return { taskId: request.taskId, output: `worker ${id} completed` };
    },
  });
  return node;
});
const listeners = await Promise.all(workers.map((node) => node.listen("127.0.0.1:0")));

const client = createCluster({ timeout: 3000 });
const clients = await Promise.all(listeners.map(async (l) => createWorkerClient(client, await client.connect(listenerAddress(l)))));

let next = 0;
const calls = [];
for (let taskId = 1; taskId <= 10; taskId++) {
  const worker = clients[next]!;
  next = (next + 1) % clients.length;
  calls.push(worker.work({ taskId, data: `task data ${taskId}` }));
}
for (const result of await Promise.all(calls)) {
  console.log(`task #${result.taskId} result: ${result.output}`);
}

await client.shutdown();
await Promise.all(workers.map((node) => node.shutdown()));
console.log("done");
