/**
 * Broadcast to three nodes, gathering their acknowledgements (silly.net.cluster's
 * "Broadcast Message to All Nodes"): the calls run concurrently.
 *
 * Run: npx tsx examples/broadcast.ts
 */
import { createCluster, listenerAddress } from "@clusterc/runtime";
import { createReceiverClient, serveReceiver } from "../generated/broadcast.ts";

const receivers = [1, 2, 3].map((n) => {
  const node = createCluster({ timeout: 1000 });
  serveReceiver(node, {
    broadcast(request) {
      console.log(`[node_${n}] received broadcast: ${request.message}`);
      return { nodeId: `node_${n}` };
    },
  });
  return node;
});
const listeners = await Promise.all(receivers.map((node) => node.listen("127.0.0.1:0")));

const client = createCluster({ timeout: 1000 });
const peers = await Promise.all(listeners.map((l) => client.connect(listenerAddress(l))));
const message = "Important notice: System will be under maintenance in 10 minutes";
const results = await Promise.allSettled(peers.map((peer) => createReceiverClient(client, peer).broadcast({ message })));
const acks = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.nodeId] : []));
console.log(`[client] acks: ${acks.sort().join(", ")}`);
console.log(`Broadcast complete, ack count: ${acks.length}`);

await client.shutdown();
await Promise.all(receivers.map((node) => node.shutdown()));
