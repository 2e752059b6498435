/**
 * `npx tsx scripts/hostile-numbers.ts [flood|never-reads|garbage]...`: the figures of issue 23's
 * flood rows, measured on loopback in this process (default: all three).
 *
 * - flood: 300,000 one-way frames to a handler that waits 5 s — handlers running at once, RSS.
 * - never-reads: a peer that never reads sends 500,000 requests (`maxQueueBytes` 64 KiB) — log
 *   lines, RSS.
 * - garbage: a member that accepts, sends 8 garbage bytes and closes, next to a good one; calls by
 *   name for 10 s — connections to it, calls ok/failed, warnings.
 *
 * Not a test: the figures depend on the machine. They are printed as JSON lines.
 */
import { createServer, connect, type Socket } from "node:net";
import { CalcService, createCalcClient } from "../generated/calc.ts";
import type { Logger } from "../runtime/core/logger.ts";
import { createStaticRegistry } from "../runtime/discovery/static-registry.ts";
import { createCluster, listenerAddress } from "../runtime/node/cluster.ts";
import { createFramer } from "../runtime/wire/framer.ts";
import { startCalcMember } from "../test/discovery/support/members.ts";

const MiB = 1024 * 1024;
const rss = (): number => Math.round(process.memoryUsage().rss / MiB);

/** A logger counting warn and error lines. */
function countingLogger(): Logger & { lines: number } {
  const log = {
    lines: 0,
    debug: () => undefined,
    info: () => undefined,
    warn: () => void log.lines++,
    error: () => void log.lines++,
  };
  return log;
}

function rawConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port }, () => resolve(socket));
    socket.once("error", reject);
  });
}

async function flood(): Promise<void> {
  const server = createCluster({ logger: countingLogger() });
  let running = 0;
  let most = 0;
  let handled = 0;
  server.handle(7, () => {
    running++;
    most = Math.max(most, running);
    return new Promise<undefined>((resolve) =>
      setTimeout(() => {
        running--;
        handled++;
        resolve(undefined);
      }, 5000),
    );
  });
  const listener = await server.listen("127.0.0.1:0");
  const before = rss();
  const socket = await rawConnect(listener.address.port);
  const framer = createFramer({ wire: "silly-0.7.0" });
  const frame = framer.encodeRequest({ session: 0, cmd: 7, traceId: 0n, body: new Uint8Array(16) });
  const total = 300_000;
  const batch = Buffer.concat(Array.from({ length: 1000 }, () => frame));
  for (let i = 0; i < total / 1000; i++) socket.write(batch);
  let peak = before;
  const start = Date.now();
  while (Date.now() - start < 3000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    peak = Math.max(peak, rss());
  }
  const unsent = socket.writableLength;
  process.stdout.write(
    `${JSON.stringify({ scenario: "flood", frames: total, handlersAtOnce: most, handledIn3s: handled, rssBeforeMB: before, rssPeakMB: peak, senderBytesWaiting: unsent })}\n`,
  );
  socket.destroy();
  await server.shutdown();
}

async function neverReads(): Promise<void> {
  const log = countingLogger();
  const server = createCluster({ wire: "silly-0.7.1", logger: log, limits: { maxQueueBytes: 64 * 1024 } });
  let handled = 0;
  const answer = new Uint8Array(64);
  server.handle(1, () => {
    handled++;
    return answer;
  });
  const listener = await server.listen("127.0.0.1:0");
  const before = rss();
  const socket = await rawConnect(listener.address.port);
  socket.on("error", () => undefined);
  socket.pause();
  const framer = createFramer({ wire: "silly-0.7.1" });
  const total = 500_000;
  const batch = Buffer.concat(
    Array.from({ length: 1000 }, (_, i) => framer.encodeRequest({ session: i, cmd: 1, traceId: 0n, body: Uint8Array.of(i & 0xff) })),
  );
  for (let i = 0; i < total / 1000; i++) socket.write(batch);
  const start = Date.now();
  let peak = before;
  while (handled < total && Date.now() - start < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    peak = Math.max(peak, rss());
  }
  process.stdout.write(
    `${JSON.stringify({ scenario: "never-reads", requests: total, handled, logLines: log.lines, rssBeforeMB: before, rssPeakMB: peak })}\n`,
  );
  socket.destroy();
  await server.shutdown();
}

async function garbage(): Promise<void> {
  let accepted = 0;
  const bad = createServer((s) => {
    accepted++;
    s.on("error", () => undefined);
    s.end(Buffer.from([0x00, 0x03, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]));
  });
  await new Promise<void>((resolve) => bad.listen(0, "127.0.0.1", resolve));
  const badAddress = `127.0.0.1:${(bad.address() as { port: number }).port}`;
  const good = await startCalcMember(1);
  const log = countingLogger();
  const caller = createCluster({ registry: createStaticRegistry({ services: { calc: [good.address, badAddress] } }), logger: log });
  const calc = createCalcClient(caller, caller.service(CalcService));
  const before = rss();
  let ok = 0;
  let failed = 0;
  const start = Date.now();
  // 16 callers at once, for 10 s.
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (Date.now() - start < 10_000) {
        try {
          await calc.add({ a: 1, b: 1 });
          ok++;
        } catch {
          failed++;
        }
      }
    }),
  );
  process.stdout.write(
    `${JSON.stringify({ scenario: "garbage", seconds: 10, connectionsToGarbage: accepted, callsOk: ok, callsFailed: failed, warnings: log.lines, rssBeforeMB: before, rssAfterMB: rss(), good: listenerAddress(good.listener) !== "" })}\n`,
  );
  await caller.shutdown();
  await good.node.shutdown();
  await new Promise<void>((resolve) => bad.close(() => resolve()));
}

const scenarios: Record<string, () => Promise<void>> = { flood, "never-reads": neverReads, garbage };
const chosen = process.argv.slice(2);
for (const name of chosen.length > 0 ? chosen : Object.keys(scenarios)) {
  const run = scenarios[name];
  if (run === undefined) {
    process.stderr.write(`unknown scenario ${name}: ${Object.keys(scenarios).join(", ")}\n`);
    process.exit(2);
  }
  await run();
}
process.exit(0);
