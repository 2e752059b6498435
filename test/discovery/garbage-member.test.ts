/**
 * Issue 23, "probes back off on every kind of failure": a member whose address accepts, sends 8
 * garbage bytes and closes must not be reconnected in a tight loop. Before the fix every connect
 * succeeded, which reset the backoff: 47,040 connections in 10 s, half the calls failed, tens of
 * thousands of warnings. Counted here, not timed: over a few hundred calls, the garbage member gets
 * a handful of connections (its backoff grows), nearly every call succeeds on the good member, and
 * the warnings stay few.
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CalcService, createCalcClient } from "../../generated/calc.ts";
import { isClusterError } from "../../runtime/core/errors.ts";
import { createStaticRegistry } from "../../runtime/discovery/static-registry.ts";
import { createCluster } from "../../runtime/node/cluster.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import { createMemoryLogger } from "../runtime/helpers.ts";
import { memberOfSum, startCalcMember, type CalcMember } from "./support/members.ts";

const nodes: ClusterNode[] = [];
const servers: Server[] = [];
const members: CalcMember[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
  await Promise.all(members.splice(0).map((m) => m.node.shutdown()));
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** A server that answers every connection with 8 garbage bytes and closes it; counts connections. */
async function garbageServer(): Promise<{ address: string; readonly accepted: number }> {
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    socket.end(Buffer.from([0x00, 0x03, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    address: `127.0.0.1:${port}`,
    get accepted() {
      return accepted;
    },
  };
}

describe("a member that accepts, sends garbage and closes", () => {
  it("is probed with a growing backoff: few connections, few failed calls, few warnings", async () => {
    const good = await startCalcMember(1);
    members.push(good);
    const garbage = await garbageServer();
    const registry = createStaticRegistry({ services: { calc: [good.address, garbage.address] } });
    const log = createMemoryLogger();
    const caller = createCluster({ registry, logger: log, timeout: 2000 });
    nodes.push(caller);
    const target = caller.service(CalcService);
    const calc = createCalcClient(caller, target);
    const total = 400;
    let ok = 0;
    const failures: string[] = [];
    for (let i = 0; i < total; i++) {
      try {
        expect(memberOfSum((await calc.add({ a: i, b: 0 })).result, i, 0)).toBe(1);
        ok++;
      } catch (error) {
        failures.push(isClusterError(error) ? error.code : String(error));
      }
    }
    // With the backoff growing from 100 ms (doubling, capped at 5 s), a few hundred calls see a
    // handful of attempts; a reset on every successful connect made it one per failed call.
    expect(garbage.accepted).toBeLessThanOrEqual(25);
    expect(failures.length).toBeLessThanOrEqual(25);
    expect(ok).toBe(total - failures.length);
    for (const code of failures) expect(["closed", "connect-failed", "protocol"]).toContain(code);
    expect(log.lines.filter((l) => l.level === "warn" || l.level === "error").length).toBeLessThanOrEqual(30);
  }, 60_000);
});
