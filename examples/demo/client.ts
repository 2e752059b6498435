/**
 * The demo's client process: typed calls to the server at argv[2]; after the first round
 * it prints `waiting` and reads one line from stdin (the server restarts meanwhile), then
 * calls again through the same peer, which reconnects by itself.
 */
import { createInterface } from "node:readline";
import { createCluster, isClusterError } from "@clusterc/runtime";
import { createCalcClient } from "../../generated/calc.ts";

const node = createCluster({ timeout: 2000 });
const peer = await node.connect(`127.0.0.1:${process.argv[2]}`);
const calc = createCalcClient(node, peer);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

const sum = await calc.add({ a: 10, b: 20 });
log(`calc.add({ a: 10, b: 20 }) -> { result: ${sum.result} }`);

await calc.notify({ message: "hello from the client" });
log(`calc.notify(...) sent (one-way, no response)`);

try {
  await calc.slowAdd({ a: 1, b: 2, delayMs: 1000 }, { timeout: 200 });
  log("slow_add unexpectedly answered in time");
} catch (err) {
  log(`calc.slowAdd(..., { timeout: 200 }) -> rejected: ${isClusterError(err) ? err.code : String(err)}`);
}

process.stdout.write("waiting\n");
await lines.next();

const again = await calc.add({ a: 2, b: 40 });
log(`after the restart: calc.add({ a: 2, b: 40 }) -> { result: ${again.result} } (same peer, reconnected)`);

await node.shutdown();
process.exit(0);

function log(text: string): void {
  process.stdout.write(`  client   | ${text}\n`);
}
