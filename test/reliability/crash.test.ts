/**
 * Fault injection with real server processes on loopback: a server SIGKILLed under 10,000 calls in
 * flight, and a server restarted 50 times while a client keeps calling through the same peer.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createCluster, createSilentLogger, type ClusterNode, type WireVersion } from "../../runtime/index.ts";
import { delay, waitFor } from "../runtime/helpers.ts";
import {
  killChildServer,
  prepareChildServer,
  startChildServer,
  type ChildServer,
  type StandbyServer,
} from "../../scripts/fixture-server/processes.ts";
import { FIXTURE_CMD } from "../../scripts/fixture-server/commands.ts";
import { unsettledAfter } from "../../scripts/soak/settle.ts";
import { activeResources, createCallTally, FAULT_CODES, grownResources } from "./support/tally.ts";

const servers: ChildServer[] = [];
const standbys: StandbyServer[] = [];
const nodes: ClusterNode[] = [];
afterEach(async () => {
  for (const s of standbys.splice(0)) s.discard();
  for (const s of servers.splice(0)) await killChildServer(s);
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("server SIGKILLed under load (%s)", (wire: WireVersion) => {
  it("settles 10,000 calls in flight with closed, far sooner than their timeout, leaving nothing pending", async () => {
    const server = await startChildServer({ wire });
    servers.push(server);
    const client = createCluster({ wire, logger: createSilentLogger(), timeout: 60_000 });
    nodes.push(client);
    const peer = await client.connect(`127.0.0.1:${server.port}`);
    const tally = createCallTally();
    const n = 10_000;
    const calls = Array.from({ length: n }, (_, i) =>
      tally.track(client.callRaw(peer, i % 2 === 0 ? FIXTURE_CMD.never : FIXTURE_CMD.delayedEcho, Uint8Array.of(255, i & 0xff))),
    );
    await waitFor(() => client.stats().pending === n, 10_000, "10,000 calls in flight");
    await killChildServer(server);
    // The calls' own timeout is 60 s: one still open 10 s after the kill waits for it (or hangs).
    expect(await unsettledAfter(calls, 10_000), "calls still unsettled 10 s after the kill").toBe(0);
    expect(tally.unsettled).toBe(0);
    expect([...tally.rejected.keys()]).toEqual(["closed"]);
    expect(tally.rejected.get("closed")).toBe(n);
    const stats = client.stats();
    expect(stats.pending).toBe(0);
    expect(stats.timers).toBe(0);
    expect(stats.connections).toBe(0);
  }, 40_000);
});

describe("server restarted 50 times", () => {
  it("calls succeed again after every restart; every call settles with success or a documented code; nothing leaks", async () => {
    const wire: WireVersion = "silly-0.7.1";
    const baseline = activeResources();
    let server = await startChildServer({ wire });
    servers.push(server);
    const client = createCluster({
      wire,
      logger: createSilentLogger(),
      timeout: 1000,
      connectTimeout: 1000,
      reconnect: { initialDelay: 5, maxDelay: 50 },
    });
    const peer = await client.connect(`127.0.0.1:${server.port}`);
    const tally = createCallTally();
    let running = true;
    const inFlight = new Set<Promise<unknown>>();
    // A steady caller through the same peer for the whole test.
    const caller = (async () => {
      while (running) {
        const call = tally.track(client.callRaw(peer, FIXTURE_CMD.echo, Uint8Array.of(1, 2, 3)));
        inFlight.add(call);
        void call.finally(() => inFlight.delete(call));
        if (inFlight.size >= 20) await Promise.race(inFlight);
        else await delay(1);
      }
    })();
    // 25 restarts: each is a process start, about 1.5 s on a busy machine.
    for (let restart = 0; restart < 25; restart++) {
      // The next process loads while this one serves; the restart is then a SIGKILL and a bind.
      const next = prepareChildServer({ wire, port: server.port });
      standbys.push(next);
      // A call through the same peer object succeeds after the restart.
      let ok = false;
      for (let attempt = 0; attempt < 200 && !ok; attempt++) {
        const reply = await tally.track(client.callRaw(peer, FIXTURE_CMD.echo, Uint8Array.of(restart)));
        ok = reply !== undefined && reply[0] === restart;
        if (!ok) await delay(10);
      }
      expect(ok, `calls succeed after restart ${restart}`).toBe(true);
      await next.loaded;
      servers.splice(servers.indexOf(server), 1);
      await killChildServer(server);
      server = await next.start();
      servers.push(server);
    }
    running = false;
    // Calls time out after 1 s: the caller stops and every call settles well within 10 s, or one hangs.
    expect(await unsettledAfter([caller], 10_000), "the caller loop did not stop").toBe(0);
    expect(await unsettledAfter(inFlight, 10_000), "calls still unsettled 10 s after the load stopped").toBe(0);
    expect(tally.unsettled).toBe(0);
    const undocumented = [...tally.rejected.keys()].filter((code) => !FAULT_CODES.has(code));
    expect(undocumented).toEqual([]);
    expect(tally.resolved).toBeGreaterThan(25);
    const stats = client.stats();
    expect(stats.pending).toBe(0);
    expect(stats.timers).toBe(0);
    expect(stats.connections).toBeLessThanOrEqual(1);
    expect(stats.peers).toBe(1);
    await client.shutdown();
    await killChildServer(server);
    servers.splice(0);
    await delay(100);
    expect(client.stats().connections).toBe(0);
    const grown = grownResources(baseline).filter((r) => !r.startsWith("PipeWrap") && !r.startsWith("ProcessWrap"));
    expect(grown).toEqual([]);
  }, 180_000);
});
