/**
 * The demo's server process: serves `calc` on 127.0.0.1 (the port from argv, or a free
 * one) and prints `listening <port>` once ready. Stops on SIGTERM.
 */
import { createCluster } from "@clusterc/runtime";
import { serveCalc } from "../../generated/calc.ts";

const generation = process.argv[3] ?? "1";
const node = createCluster({
  accept: (peer) => log(`client connected from ${peer.address}`),
});
serveCalc(node, {
  add({ a = 0, b = 0 }) {
    log(`add(${a}, ${b})`);
    return { result: a + b };
  },
  async slowAdd({ a = 0, b = 0, delayMs = 0 }) {
    log(`slow_add(${a}, ${b}) — sleeping ${delayMs} ms`);
    await new Promise((r) => setTimeout(r, delayMs));
    return { result: a + b };
  },
  notify({ message }, ctx) {
    log(`notify: "${message}" (trace ${ctx.traceId.toString(16)})`);
  },
});
const listener = await node.listen(`127.0.0.1:${process.argv[2] ?? "0"}`);
process.stdout.write(`listening ${listener.address.port}\n`);
process.on("SIGTERM", () => {
  void node.shutdown().then(() => process.exit(0));
});

function log(text: string): void {
  process.stdout.write(`  server#${generation} | ${text}\n`);
}
