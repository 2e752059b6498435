/**
 * TCP keepalive (on by default): an idle connection to a host that dropped off the network (its
 * link down: no FIN, no RST, every packet lost) is found dead and closed by the kernel's keepalive
 * probes (idle time, then 10 probes 1 s apart), in network namespaces: the close is the kernel's
 * ETIMEDOUT (a FIN would read "remote closed", a RST ECONNRESET).
 */
import type { ChildProcess } from "node:child_process";
import { afterEach, expect, it } from "vitest";
import { createTestNetwork, requireNetns, type TestNetwork } from "../support/netns/network.ts";
import { REPO_ROOT, transpiledEntry } from "../discovery/support/transpile.ts";
import { pollUntil } from "./support/poll.ts";

let net: TestNetwork | undefined;
afterEach(async () => {
  await net?.dispose();
  net = undefined;
});

function start(network: TestNetwork, host: string, config: object): { child: ChildProcess; out: () => string } {
  const entry = transpiledEntry("test/gray/fixtures/keepalive-peer.ts");
  const child = network.spawn(host, process.execPath, [entry, JSON.stringify(config)], { cwd: REPO_ROOT });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  return { child, out: () => out };
}

async function idleConnectionToBlackHole(keepAlive: number) {
  requireNetns();
  net = createTestNetwork(["server", "client"]);
  const server = start(net, "server", { mode: "server", host: net.host("server").ip });
  await pollUntil(() => server.out().includes("LISTENING"), 20_000, "server listening");
  const client = start(net, "client", { mode: "client", addr: `${net.host("server").ip}:7100`, keepAlive });
  await pollUntil(() => client.out().includes("CONNECTED"), 20_000, "client connected");
  net.blackhole("server");
  return client;
}

it("keepalive on: an idle connection into a black hole is closed (idle time + 10 probes)", async () => {
  const client = await idleConnectionToBlackHole(1000);
  await pollUntil(() => client.out().includes("CLOSED"), 30_000, "the connection closed by keepalive");
  expect(client.out()).toMatch(/CLOSED socket error: .*ETIMEDOUT/);
}, 60_000);
