/**
 * Listening on several ports with different backlogs, one node serving them all.
 *
 * Run: npx tsx examples/listen-ports.ts
 */
import { createCluster, listenerAddress } from "@clusterc/runtime";
import { createEchoerClient, serveEchoer } from "../generated/echo.ts";

const server = createCluster({
  accept: (peer) => console.log(`[server] accepted a connection from ${peer.address.split(":")[0]}`),
});
serveEchoer(server, { echo: (request) => request });

// Port 0 lets the OS pick free ports; the second listener gets a deeper accept queue.
const first = await server.listen("127.0.0.1:0");
const second = await server.listen("127.0.0.1:0", { backlog: 256 });
console.log(`[server] listening on 2 ports (backlog 128 and 256): ${first.address.port !== second.address.port ? "distinct" : "same"}`);

const client = createCluster();
for (const [i, listener] of [first, second].entries()) {
  const peer = await client.connect(listenerAddress(listener));
  const reply = await createEchoerClient(client, peer).echo({ text: `hello port #${i + 1}` });
  console.log(`[client] echo from port #${i + 1}: ${reply.text}`);
}

await client.shutdown();
await server.shutdown();
console.log("done");
