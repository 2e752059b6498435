/**
 * Metrics with prom-client: two nodes report through one `createPrometheusMetrics` hook, and
 * `/metrics` is served with node:http on 127.0.0.1 for Prometheus to scrape.
 *
 * The example makes some calls (20 adds, one call that times out, one notify), serves `/metrics`
 * until it has been scraped once or `--wait-ms` (default 1000) passed, scrapes it itself, prints the
 * call counters it read, and stops.
 *
 * Run: npx tsx examples/metrics.ts [--wait-ms 30000]   (then: curl http://127.0.0.1:<port>/metrics)
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Registry } from "prom-client";
import { createCluster, listenerAddress } from "@clusterc/runtime";
// Published as `@clusterc/runtime/prometheus` (prom-client is an optional peer dependency).
import { createPrometheusMetrics } from "@clusterc/runtime/prometheus";
import { CalcService, createCalcClient, serveCalc } from "../generated/calc.ts";

const waitArg = process.argv.indexOf("--wait-ms");
const waitMs = waitArg === -1 ? 1000 : Number(process.argv[waitArg + 1]);

const registry = new Registry();
const metrics = createPrometheusMetrics({ registry });

const server = createCluster({ metrics });
serveCalc(server, {
  add: ({ a = 0, b = 0 }) => ({ result: a + b }),
  slowAdd: async ({ a = 0, b = 0, delayMs = 0 }) => {
    await new Promise((r) => setTimeout(r, delayMs));
    return { result: a + b };
  },
  notify: () => {},
});
const listener = await server.listen("127.0.0.1:0");

const client = createCluster({ metrics });
const calc = createCalcClient(client, await client.connect(listenerAddress(listener)));
for (let i = 0; i < 20; i++) await calc.add({ a: i, b: 1 });
await calc.slowAdd({ delayMs: 300 }, { timeout: 50 }).catch(() => undefined);
await calc.notify({ message: "hello" });
console.log("[client] 20 adds, 1 timeout, 1 notify");

let scraped: () => void = () => undefined;
const firstScrape = new Promise<void>((resolve) => (scraped = resolve));
const http = createServer((req, res) => {
  if (req.url !== "/metrics") {
    res.writeHead(404).end();
    return;
  }
  registry.metrics().then(
    (text) => {
      res.writeHead(200, { "content-type": registry.contentType }).end(text);
      scraped();
    },
    (error: unknown) => res.writeHead(500).end(String(error)),
  );
});
await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/metrics`;
console.log(`[metrics] serving ${url}`);

// Served until someone scraped it once, or the wait is over; then one scrape of our own.
let timer: NodeJS.Timeout | undefined;
await Promise.race([firstScrape, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
clearTimeout(timer);
const text = await (await fetch(url)).text();
for (const line of text.split("\n")) {
  if (line.startsWith("clusterc_calls_total{") && line.includes(`service="${CalcService.name}"`) && !line.endsWith(" 0")) {
    console.log(`[scrape] ${line}`);
  }
}

await new Promise<void>((resolve) => http.close(() => resolve()));
await client.shutdown();
await server.shutdown();
console.log("done");
