/**
 * Closing a peer and a listener: a closed peer rejects further calls with `peer-closed`;
 * a closed listener accepts no new connections.
 *
 * Run: npx tsx examples/close.ts
 */
import { createCluster, isClusterError, listenerAddress } from "@clusterc/runtime";
import { createEchoerClient, serveEchoer } from "../generated/echo.ts";

const server = createCluster({
  close: (_peer, reason) => console.log(`[server] connection closed (${reason})`),
});
serveEchoer(server, { echo: (request) => request });
const listener = await server.listen("127.0.0.1:0");
const address = listenerAddress(listener);

const client = createCluster({ connectTimeout: 1000 });
const peer = await client.connect(address);
const echo = createEchoerClient(client, peer);
console.log(`[client] ${(await echo.echo({ text: "before close" })).text}`);

await client.close(peer);
console.log("[client] peer closed");
try {
  await echo.echo({ text: "after close" });
} catch (err) {
  console.log(`[client] call after close: ${isClusterError(err) ? err.code : String(err)}`);
}

await server.close(listener);
console.log(`[server] listener closed: ${listener.closed}`);
try {
  await client.connect(address);
} catch (err) {
  console.log(`[client] connect after listener close: ${isClusterError(err) ? err.code : String(err)}`);
}

await client.shutdown();
await server.shutdown();
console.log("done");
