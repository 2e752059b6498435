/**
 * A server in another process (the fixture server of scripts/fixture-server/, run with plain
 * `node` from its transpiled copy) SIGKILLed with calls in flight, and restarted on its port.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createCluster, isClusterError, type ClusterNode, type WireVersion } from "../../../runtime/index.ts";
import { FIXTURE_CMD } from "../../../scripts/fixture-server/commands.ts";
import { killChildServer, startChildServer, type ChildServer } from "../../../scripts/fixture-server/processes.ts";
import { createMemoryLogger, waitFor } from "../helpers.ts";

const servers: ChildServer[] = [];
const nodes: ClusterNode[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => killChildServer(s)));
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

/** Starts the fixture server (cmd 1 echoes, cmd 2 never answers) on `port` (0: any). */
async function startServer(wire: WireVersion, port = 0): Promise<ChildServer> {
  const server = await startChildServer({ wire, port });
  servers.push(server);
  return server;
}

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("crash and restart (%s)", (wire) => {
  it("a SIGKILLed server fails every call in flight with closed, well before the timeout", async () => {
    const server = await startServer(wire);
    const c = createCluster({ wire, logger: createMemoryLogger() });
    nodes.push(c);
    const peer = await c.connect(`127.0.0.1:${server.port}`);
    expect([...(await c.callRaw(peer, FIXTURE_CMD.echo, Uint8Array.of(9)))]).toEqual([9]);
    const n = 2000;
    const calls = Array.from({ length: n }, () =>
      c.callRaw(peer, FIXTURE_CMD.never, Uint8Array.of(1), { timeout: 60000 }).then(
        () => "resolved",
        (e: unknown) => (isClusterError(e) ? e.code : "other"),
      ),
    );
    await waitFor(() => c.stats().pending === n);
    const t0 = Date.now();
    server.child.kill("SIGKILL");
    const codes = await Promise.all(calls);
    expect(Date.now() - t0).toBeLessThan(10000);
    expect(codes.every((code) => code === "closed")).toBe(true);
    expect(c.stats().pending).toBe(0);
    expect(c.stats().timers).toBe(0);
  });

  it("calls succeed again through the same peer after each restart", async () => {
    let server = await startServer(wire);
    const port = server.port;
    const c = createCluster({ wire, logger: createMemoryLogger(), reconnect: { initialDelay: 20, maxDelay: 100 } });
    nodes.push(c);
    const peer = await c.connect(`127.0.0.1:${port}`);
    for (let round = 0; round < 3; round++) {
      let ok = false;
      await waitFor(() => {
        void c.callRaw(peer, FIXTURE_CMD.echo, Uint8Array.of(round), { timeout: 2000 }).then(
          (r) => (ok = ok || r[0] === round),
          (e: unknown) => {
            if (!isClusterError(e)) throw e;
          },
        );
        return ok;
      }, 15000);
      await killChildServer(server);
      server = await startServer(wire, port);
    }
    await waitFor(() => c.stats().pending === 0, 5000);
    expect(c.stats().connections).toBeLessThanOrEqual(1);
  });
});
