/**
 * 1,000 concurrent connections to one node (a child process), opened by four client nodes, each
 * connection making calls at the same time: all complete. (fds: 1,000 here, 1,000 in the child.)
 */
import { afterEach, describe, expect, it } from "vitest";
import { createCluster, createSilentLogger, type ClusterNode, type Peer } from "../../runtime/index.ts";
import { killChildServer, startChildServer, type ChildServer } from "../../scripts/fixture-server/processes.ts";
import { FIXTURE_CMD } from "../../scripts/fixture-server/commands.ts";

const servers: ChildServer[] = [];
const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
  for (const s of servers.splice(0)) await killChildServer(s);
});

describe("1,000 concurrent connections", () => {
  it("every connection's calls complete", async () => {
    const server = await startChildServer({ wire: "silly-0.7.1" });
    servers.push(server);
    const address = `127.0.0.1:${server.port}`;
    const clients = Array.from({ length: 4 }, () =>
      createCluster({ wire: "silly-0.7.1", logger: createSilentLogger(), timeout: 15_000, connectTimeout: 10_000 }),
    );
    nodes.push(...clients);
    const peers: { node: ClusterNode; peer: Peer }[] = [];
    // Connect in waves of 100 so the listen backlog is never the test's subject.
    for (let wave = 0; wave < 10; wave++) {
      const batch = await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const node = clients[(wave * 100 + i) % clients.length] as ClusterNode;
          return { node, peer: await node.connect(address) };
        }),
      );
      peers.push(...batch);
    }
    expect(clients.reduce((n, c) => n + c.stats().connections, 0)).toBe(1000);
    const calls = peers.flatMap(({ node, peer }, i) =>
      Array.from({ length: 3 }, (_, k) => {
        const body = Buffer.from(`${i}:${k}`);
        return node.callRaw(peer, FIXTURE_CMD.echo, body).then((reply) => Buffer.from(reply).equals(body));
      }),
    );
    const results = await Promise.all(calls);
    expect(results.filter((ok) => ok)).toHaveLength(3000);
    expect(clients.every((c) => c.stats().pending === 0)).toBe(true);
  }, 60_000);
});
