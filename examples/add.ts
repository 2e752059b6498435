/**
 * add {a, b} → sum {result}: the typed call of silly.net.cluster's `cluster.call` example.
 *
 * Run: npx tsx examples/add.ts
 */
import { createCluster, listenerAddress } from "@clusterc/runtime";
import { createCalcClient, serveCalc } from "../generated/calc.ts";

const server = createCluster({ timeout: 2000 });
serveCalc(server, {
  add: ({ a = 0, b = 0 }) => ({ result: a + b }),
  slowAdd: async ({ a = 0, b = 0, delayMs = 0 }) => {
    await new Promise((r) => setTimeout(r, delayMs));
    return { result: a + b };
  },
  notify: () => {},
});
const listener = await server.listen("127.0.0.1:0");

const client = createCluster();
const peer = await client.connect(listenerAddress(listener));
const calc = createCalcClient(client, peer);
const { result } = await calc.add({ a: 10, b: 20 });
console.log(`Calculation result: ${result}`);

await client.shutdown();
await server.shutdown();
