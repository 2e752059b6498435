/**
 * One-way messages: `notify` sent five times with `send` semantics — no response.
 *
 * Run: npx tsx examples/notify.ts
 */
import { createCluster, listenerAddress } from "@clusterc/runtime";
import { createCalcClient, serveCalc } from "../generated/calc.ts";

let received = 0;
let allReceived!: () => void;
const allReceivedPromise = new Promise<void>((resolve) => (allReceived = resolve));
const server = createCluster();
serveCalc(server, {
  add: ({ a = 0, b = 0 }) => ({ result: a + b }),
  slowAdd: ({ a = 0, b = 0 }) => ({ result: a + b }),
  notify(message) {
    console.log(`[server] received notification: ${message.message}`);
    if (++received === 5) allReceived();
  },
});
const listener = await server.listen("127.0.0.1:0");

const client = createCluster();
const peer = await client.connect(listenerAddress(listener));
const calc = createCalcClient(client, peer);
for (let i = 1; i <= 5; i++) {
  await calc.notify({ message: `Notification #${i}` });
  await new Promise((r) => setTimeout(r, 20));
}
await allReceivedPromise;
console.log(`[client] sent 5 notifications, server received ${received}`);

await client.shutdown();
await server.shutdown();
