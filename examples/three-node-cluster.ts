/**
 * A three-node cluster (silly.net.cluster's "Multi-Node Cluster Communication"): node1 is
 * the hub; node2 and node3 register with it, send heartbeats, and node3 asks the hub to
 * forward a message to node2, which the hub delivers through node2's own connection.
 *
 * Run: npx tsx examples/three-node-cluster.ts
 */
import { createCluster, listenerAddress, type ClusterNode, type Peer } from "@clusterc/runtime";
import { createHubClient, createMemberClient, serveHub, serveMember } from "../generated/cluster.ts";

/** The hub: remembers registered members and the peer each registered through. */
function startHub(): ClusterNode {
  const hub = createCluster({ nodeId: 1 });
  const members = new Map<string, Peer>();
  serveHub(hub, {
    register(request, ctx) {
      const id = request.nodeId ?? "?";
      members.set(id, ctx.peer);
      console.log(`[node1] node registered: ${id} @ ${request.addr}`);
      return { status: "ok", members: [...members.keys()].sort() };
    },
    heartbeat: (request) => ({ timestamp: request.timestamp }),
    async forward(request, ctx) {
      const target = members.get(request.target ?? "");
      if (target === undefined) return { result: `unknown node ${request.target}` };
      const from = [...members].find(([, peer]) => peer === ctx.peer)?.[0] ?? "?";
      console.log(`[node1] forward message to ${request.target}: ${request.data}`);
      // Call the member back through the connection it opened (either side may call).
      await createMemberClient(hub, target).deliver({ from, data: request.data });
      return { result: "forwarded" };
    },
  });
  return hub;
}

/** A member node: registers with the hub and prints what is delivered to it. */
async function startMember(name: string, id: number, hubAddress: string, delivered?: () => void) {
  const node = createCluster({ nodeId: id });
  serveMember(node, {
    deliver(request) {
      console.log(`[${name}] delivered from ${request.from}: ${request.data}`);
      delivered?.();
    },
  });
  const hubPeer = await node.connect(hubAddress);
  const hub = createHubClient(node, hubPeer);
  const reply = await hub.register({ nodeId: name, addr: `in-process ${name}` });
  console.log(`[${name}] registration response: ${reply.status} (members: ${(reply.members ?? []).join(", ")})`);
  return { node, hub };
}

const hub = startHub();
const listener = await hub.listen("127.0.0.1:0");
let markDelivered!: () => void;
const delivered = new Promise<void>((resolve) => (markDelivered = resolve));

const node2 = await startMember("node2", 2, listenerAddress(listener), () => markDelivered());
const sent = BigInt(Date.now());
const hb = await node2.hub.heartbeat({ timestamp: sent });
console.log(`[node2] heartbeat answered: ${hb.timestamp === sent}`);

const node3 = await startMember("node3", 3, listenerAddress(listener));
const fwd = await node3.hub.forward({ target: "node2", data: "Hello from node3" });
await delivered;
console.log(`[node3] forward result: ${fwd.result}`);

await node2.node.shutdown();
await node3.node.shutdown();
await hub.shutdown();
console.log("done");
