/**
 * The idle probe (off by default): a clusterc peer answers it, and once it stops answering (it
 * stops reading its socket) the connection is closed; a peer that never answers (a silly node, or
 * anything that reads and ignores) is probed once per connection and left alone.
 */
import type { Socket } from "node:net";
import { afterEach, expect, it } from "vitest";
import { createCluster } from "../../runtime/node/cluster.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import { createFramer } from "../../runtime/wire/framer.ts";
import { createMemoryLogger, startRawServer, waitFor, delay, type RawServer } from "../runtime/helpers.ts";

const nodes: ClusterNode[] = [];
const servers: RawServer[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

it("a clusterc peer answers idle probes (no warning); once it stops reading, the connection is closed", async () => {
  const sockets: Socket[] = [];
  const memberLog = createMemoryLogger();
  const member = createCluster({ logger: memberLog, accept: (peer) => void (peer.socket && sockets.push(peer.socket)) });
  nodes.push(member);
  const listener = await member.listen("127.0.0.1:0");
  const closes: string[] = [];
  const logger = createMemoryLogger();
  const node = createCluster({ logger, idleProbe: { interval: 100, timeout: 300 }, close: (_peer, reason) => void closes.push(reason) });
  nodes.push(node);
  const peer = await node.connect(`127.0.0.1:${listener.address.port}`);
  // Several probes answered: still connected.
  await delay(800);
  expect(peer.connected).toBe(true);
  expect(memberLog.lines.filter((l) => l.level === "warn")).toEqual([]);
  for (const s of sockets) s.pause();
  await waitFor(() => closes.length > 0, 5000, "the connection closed");
  expect(closes[0]).toContain("idle probe unanswered");
  expect(logger.lines.some((l) => l.level === "warn" && l.message.startsWith("idle probe unanswered"))).toBe(true);
});

it("a peer that never answers is probed once per connection, then left alone", async () => {
  let bytes = 0;
  const server = await startRawServer((socket) =>
    socket.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
    }),
  );
  servers.push(server);
  const node = createCluster({ logger: createMemoryLogger(), idleProbe: { interval: 50, timeout: 50 } });
  nodes.push(node);
  const peer = await node.connect(`127.0.0.1:${server.port}`);
  const probeBytes = createFramer({ wire: "silly-0.7.0", maxFrameBytes: 65535 }).requestSize(0);
  await waitFor(() => bytes >= probeBytes, 5000, "one probe");
  await delay(600);
  expect(bytes).toBe(probeBytes);
  expect(peer.connected).toBe(true);
});

it("checks its options", () => {
  expect(() => createCluster({ idleProbe: { interval: 0 } })).toThrow(/idleProbe.interval/);
  expect(() => createCluster({ idleProbe: { interval: 10, timeout: Number.NaN } })).toThrow(/idleProbe.timeout/);
});
