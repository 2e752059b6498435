/**
 * A simple RPC service (silly.net.cluster's "Simple RPC Service"): a node serves the
 * ping/pong service and logs connections; another node calls it.
 *
 * Run: npx tsx examples/rpc-service.ts
 */
import { createCluster, listenerAddress } from "@clusterc/runtime";
import { createPingpongClient, type Ping, type PingpongHandler, type Pong, servePingpong } from "../generated/pingpong.ts";

/** The service implementation: a class implementing the generated handler interface. */
class PingpongService implements PingpongHandler {
  served = 0;
  ping(request: Ping): Pong {
    this.served++;
    console.log(`[server] received: ${request.msg}`);
    return { msg: "pong from server" };
  }
}

const impl = new PingpongService();
const server = createCluster({
  accept: () => console.log("[server] new connection"),
  close: () => console.log("[server] connection closed"),
});
servePingpong(server, impl);
const listener = await server.listen("127.0.0.1:0");

const client = createCluster();
const peer = await client.connect(listenerAddress(listener));
const response = await createPingpongClient(client, peer).ping({ msg: "ping" });
console.log(`[client] response: ${response.msg}`);
await client.close(peer);

for (let i = 0; i < 200 && listener.connections > 0; i++) await new Promise((r) => setTimeout(r, 5));
await server.shutdown();
console.log(`done (served ${impl.served})`);
