/**
 * ping/pong — silly.net.cluster's first example, typed: a server answers `ping` with
 * `pong`; accept and close callbacks report connections coming and going.
 *
 * Run: npx tsx examples/ping-pong.ts
 */
import { createCluster, listenerAddress } from "@clusterc/runtime";
import { createPingpongClient, servePingpong } from "../generated/pingpong.ts";

const server = createCluster({
  timeout: 3000,
  accept: (peer) => console.log(`[server] new connection from ${peer.address}`),
  close: (_peer, reason) => console.log(`[server] connection closed: ${reason}`),
});
servePingpong(server, {
  ping(request) {
    console.log(`[server] received: ${request.msg}`);
    return { msg: "Hello from server" };
  },
});
const listener = await server.listen("127.0.0.1:0");
console.log("[server] listening");

const client = createCluster();
const peer = await client.connect(listenerAddress(listener));
const pingpong = createPingpongClient(client, peer);
const pong = await pingpong.ping({ msg: "Hello" });
console.log(`[client] received response: ${pong.msg}`);

await client.close(peer);
await waitFor(() => listener.connections === 0);
await server.shutdown();
console.log("done");

async function waitFor(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i++) await new Promise((r) => setTimeout(r, 5));
}
