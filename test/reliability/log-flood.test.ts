/**
 * Issue 23, "log floods are bounded": warnings a peer can cause over and over (`response not sent`
 * for a peer that never reads, protocol errors of garbage connections) are rate-limited per message
 * with a count of what was suppressed. Before the fix a peer that never read, sent 500,000 requests,
 * made 131,424 error lines.
 */
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createFramer } from "../../runtime/wire/framer.ts";
import { createCluster, listenerAddress } from "../../runtime/node/cluster.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import { createMemoryLogger, rawConnect, waitFor, type LogLine } from "../runtime/helpers.ts";

const nodes: ClusterNode[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

const BURST = 10;

/** The lines of `message` (not the summaries) and the counts the summaries report. */
function tally(lines: readonly LogLine[], message: string): { shown: number; summaries: number; suppressed: number } {
  let shown = 0;
  let summaries = 0;
  let suppressed = 0;
  for (const line of lines) {
    if (line.message === message) shown++;
    else if (line.message.startsWith(`${message} (`)) {
      summaries++;
      suppressed += Number(line.fields?.suppressed ?? 0);
    }
  }
  return { shown, summaries, suppressed };
}

describe("log floods are bounded", () => {
  it("a peer that never reads: `response not sent` is rate-limited, and what was suppressed is counted", async () => {
    const logger = createMemoryLogger();
    const server = createCluster({
      wire: "silly-0.7.1",
      logger,
      logRate: { burst: BURST, interval: 500 },
      limits: { maxQueueBytes: 64 * 1024 },
    });
    nodes.push(server);
    const answer = new Uint8Array(4096);
    let handled = 0;
    server.handle(1, () => {
      handled++;
      return answer;
    });
    const listener = await server.listen("127.0.0.1:0");
    const flooder = await rawConnect(listener.address.port);
    sockets.push(flooder);
    flooder.on("error", () => {});
    flooder.pause();
    const framer = createFramer({ wire: "silly-0.7.1" });
    const total = 20_000;
    const batch = Buffer.concat(
      Array.from({ length: 100 }, (_, i) => framer.encodeRequest({ session: i, cmd: 1, traceId: 0n, body: Uint8Array.of(i) })),
    );
    for (let i = 0; i < total / 100; i++) flooder.write(batch);
    await waitFor(() => handled === total, 30_000, `every request handled (${handled})`);
    const message = "response not sent";
    // The last interval's summary arrives when it ends.
    await waitFor(() => tally(logger.lines, message).summaries > 0, 5000, "a summary of the suppressed lines");
    await new Promise((resolve) => setTimeout(resolve, 600));
    const { shown, summaries, suppressed } = tally(logger.lines, message);
    // Most responses could not be queued (64 KiB queue, a peer that never reads): thousands of failures…
    expect(shown + suppressed).toBeGreaterThan(total / 2);
    // …shown as at most BURST lines per interval, each interval's excess counted in one summary line.
    expect(shown).toBeLessThanOrEqual(BURST * (summaries + 1));
    expect(shown).toBeLessThan(total / 20);
  });

  it("garbage from many connections: protocol-error warnings are rate-limited", async () => {
    const logger = createMemoryLogger();
    const server = createCluster({ logger, logRate: { burst: BURST, interval: 60_000 } });
    nodes.push(server);
    const listener = await server.listen("127.0.0.1:0");
    const port = Number(listenerAddress(listener).split(":")[1]);
    const garbage = Buffer.from([0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    for (let i = 0; i < 100; i++) {
      const s = await rawConnect(port);
      sockets.push(s);
      s.on("error", () => {});
      s.write(garbage);
    }
    await waitFor(() => server.stats().connections === 0, 10_000, "every garbage connection closed");
    const shown = logger.lines.filter((l) => l.message === "protocol error, closing connection").length;
    expect(shown).toBe(BURST);
  });
});
