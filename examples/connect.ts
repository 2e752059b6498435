/**
 * Connecting by IP address and by host name, and handling connection failures: a port
 * nobody listens on, and a host name that does not resolve.
 *
 * Run: npx tsx examples/connect.ts
 */
import { createCluster, isClusterError, listenerAddress } from "@clusterc/runtime";
import { createEchoerClient, serveEchoer } from "../generated/echo.ts";

const server = createCluster();
serveEchoer(server, { echo: (request) => ({ text: `echo: ${request.text}` }) });
const listener = await server.listen("127.0.0.1:0");
const port = listener.address.port;

const client = createCluster({ connectTimeout: 2000 });

// By IP address.
const byIp = await client.connect(listenerAddress(listener));
console.log(`[client] by IP: ${(await createEchoerClient(client, byIp).echo({ text: "via 127.0.0.1" })).text}`);

// By host name: "localhost" is resolved before connecting.
const byName = await client.connect(`localhost:${port}`);
console.log(`[client] by name: ${(await createEchoerClient(client, byName).echo({ text: "via localhost" })).text}`);

// A port where nobody listens: close the listener first so the port is free.
await server.close(listener);
const free = createCluster({ connectTimeout: 2000 });
const freeListener = await free.listen("127.0.0.1:0");
const freePort = freeListener.address.port;
await free.shutdown();
try {
  await client.connect(`127.0.0.1:${freePort}`);
  console.log("[client] unexpected: connected to a closed port");
} catch (err) {
  console.log(`[client] closed port: ${isClusterError(err) ? err.code : String(err)}`);
}

// A host name that cannot resolve (.invalid is reserved for exactly that).
try {
  await client.connect("no-such-node.invalid:7000");
  console.log("[client] unexpected: resolved an .invalid name");
} catch (err) {
  const named = err instanceof Error && err.message.includes("no-such-node.invalid");
  console.log(`[client] unknown host: ${isClusterError(err) ? err.code : String(err)} (message names the host: ${named})`);
}

await client.shutdown();
await server.shutdown();
console.log("done");
