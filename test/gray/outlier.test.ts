/**
 * Outlier ejection and "alive but serving nothing" on loopback (the network faults themselves are
 * in the namespace tests): a member that stops reading its socket leaves the rotation after five
 * timeouts in a row, is tried again after its ejection period (one trial call; the period doubles
 * while it fails) and is back once it answers; never more than `maxEjectedShare` of the members are
 * out; a member of the other wire that closes at our first frame makes the reconnect backoff grow
 * and is named in one warning; one that reads and never answers is ejected with one warning.
 */
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CalcService, createCalcClient } from "../../generated/calc.ts";
import { createCluster } from "../../runtime/node/cluster.ts";
import { createStaticRegistry } from "../../runtime/discovery/static-registry.ts";
import type { ServiceTargetEvent } from "../../runtime/discovery/service-target.ts";
import type { ClusterOptions } from "../../runtime/node/cluster-options.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import { isClusterError } from "../../runtime/core/errors.ts";
import { createMemoryLogger, startRawServer, waitFor, type RawServer } from "../runtime/helpers.ts";
import { memberOfSum, startCalcMember, type CalcMember } from "../discovery/support/members.ts";

const nodes: ClusterNode[] = [];
const servers: RawServer[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function caller(options: ClusterOptions) {
  const logger = createMemoryLogger();
  const node = createCluster({ logger, timeout: 800, ...options });
  nodes.push(node);
  return { node, logger };
}

/** A member whose accepted sockets can be paused (it stops reading them: nothing it is sent gets answered). */
async function pausable(index: number, registry: ReturnType<typeof createStaticRegistry>) {
  const sockets: Socket[] = [];
  let paused = false;
  const member = await startCalcMember(index, {
    registry,
    node: {
      accept: (peer) => {
        const socket = peer.socket;
        if (socket !== undefined) {
          sockets.push(socket);
          if (paused) socket.pause();
        }
      },
    },
  });
  nodes.push(member.node);
  return {
    member,
    pause(): void {
      paused = true;
      for (const s of sockets) s.pause();
    },
    resume(): void {
      paused = false;
      for (const s of sockets) s.resume();
    },
  };
}

describe("outlier ejection", () => {
  it("a member that stops reading leaves after 5 timeouts, fails its trial (period doubles), and is back once it reads", async () => {
    const registry = createStaticRegistry();
    const ms: CalcMember[] = [];
    const stalling = await pausable(2, registry);
    for (const i of [1, 3]) {
      const m = await startCalcMember(i, { registry });
      nodes.push(m.node);
      ms.push(m);
    }
    const { node } = caller({ registry });
    const target = node.service(CalcService, { outlier: { baseEjectionTime: 400 } });
    const events: ServiceTargetEvent[] = [];
    target.on((e) => events.push(e));
    const calc = createCalcClient(node, target);
    await target.ready();
    await waitFor(() => target.connected && target.members().length === 3, 5000, "3 connected members");
    stalling.pause();
    let failures = 0;
    let calls = 0;
    const ejections = () => events.filter((e) => e.type === "ejected" && e.member.addr === stalling.member.address);
    const call = async (): Promise<number | undefined> => {
      calls++;
      try {
        return memberOfSum((await calc.add({ a: calls, b: 1 })).result, calls, 1);
      } catch (error) {
        expect(isClusterError(error, "timeout")).toBe(true);
        failures++;
        return undefined;
      }
    };
    const callUntil = async (done: () => boolean, ms: number, what: string): Promise<void> => {
      const until = Date.now() + ms;
      while (!done()) {
        if (Date.now() > until) throw new Error(`timed out calling until ${what}`);
        await call();
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };
    await callUntil(() => ejections().length > 0, 10_000, "member 2 is ejected");
    // One call at a time, round robin: the fifth call to member 2 in a row timed out and ejected it.
    expect(failures).toBe(5);
    expect((ejections()[0] as { reason: string }).reason).toContain("5 calls in a row timed out; out of rotation for 400 ms");
    expect(target.members().find((m) => m.addr === stalling.member.address)?.state).toBe("ejected");
    // Ejected: calls go to the two others.
    for (let i = 0; i < 6; i++) expect(await call()).not.toBe(2);
    // After its period, one trial call; it times out, and the period doubles.
    await callUntil(() => ejections().length > 1, 10_000, "member 2 is ejected again");
    expect((ejections()[1] as { reason: string }).reason).toContain("its trial call timed out; out of rotation for 800 ms");
    expect(failures).toBe(6);
    stalling.resume();
    await callUntil(() => events.some((e) => e.type === "readmitted"), 10_000, "member 2 is readmitted");
    expect(events.some((e) => e.type === "readmitted" && e.member.addr === stalling.member.address)).toBe(true);
    const who = new Set<number | undefined>();
    for (let i = 0; i < 9; i++) who.add(await call());
    expect(who).toEqual(new Set([1, 2, 3]));
  });

  it("never ejects more than maxEjectedShare of the members, and says so once", async () => {
    const registry = createStaticRegistry();
    const a = await pausable(1, registry);
    const b = await pausable(2, registry);
    const good = await startCalcMember(3, { registry });
    nodes.push(good.node);
    const { node, logger } = caller({ registry });
    const target = node.service(CalcService, { outlier: { baseEjectionTime: 60_000 } });
    const calc = createCalcClient(node, target);
    await target.ready();
    await waitFor(() => target.connected && target.members().length === 3, 5000, "3 connected members");
    a.pause();
    b.pause();
    const settled = Array.from({ length: 30 }, (_, i) =>
      calc.add({ a: i, b: 0 }).then(
        () => 0,
        () => 1,
      ),
    );
    await Promise.all(settled);
    await waitFor(() => target.members().filter((m) => m.state === "ejected").length === 1, 5000, "one ejected member");
    // 30 calls, 10 on each stalled member: both reached 5 in a row, only one may go (floor(3 × 0.5) = 1).
    expect(target.members().filter((m) => m.state === "ejected")).toHaveLength(1);
    expect(logger.lines.filter((l) => l.message.startsWith("service member not ejected"))).toHaveLength(1);
  });

  it("checks its options", () => {
    const { node } = caller({ registry: createStaticRegistry() });
    expect(() => node.service("calc", { outlier: { consecutiveTimeouts: -1 } })).toThrow(/consecutiveTimeouts/);
    expect(() => node.service("calc", { outlier: { baseEjectionTime: 0 } })).toThrow(/baseEjectionTime/);
    expect(() => node.service("calc", { outlier: { baseEjectionTime: 10, maxEjectionTime: 5 } })).toThrow(/maxEjectionTime/);
    expect(() => node.service("calc", { outlier: { maxEjectedShare: 2 } })).toThrow(/maxEjectedShare/);
    expect(() => createCluster({ keepAlive: -1 })).toThrow(/keepAlive/);
  });
});

describe("a member that looks alive but serves nothing", () => {
  it("one of the other wire that closes at our first frame: the reconnect backoff grows, and one warning names both wires", async () => {
    // A clusterc member forced onto silly 0.7.1, announced without its wire (as silly announces), called by a 0.7.0 node.
    const accepts: number[] = [];
    const other = createCluster({ wire: "silly-0.7.1", logger: createMemoryLogger(), accept: () => void accepts.push(Date.now()) });
    nodes.push(other);
    const listener = await other.listen("127.0.0.1:0");
    const registry = createStaticRegistry({ services: { calc: [{ id: "m", addr: `127.0.0.1:${listener.address.port}` }] } });
    const { node, logger } = caller({
      registry,
      wire: "silly-0.7.0",
      reconnect: { initialDelay: 200, factor: 2, maxDelay: 3200, jitter: 0 },
    });
    const calc = createCalcClient(node, node.service(CalcService));
    const codes = new Set<string>();
    const loop = (async () => {
      while (accepts.length < 5) {
        try {
          await calc.add({ a: 1, b: 1 });
        } catch (error) {
          codes.add(isClusterError(error) ? error.code : "other");
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await waitFor(() => accepts.length >= 5, 15_000, "five connections");
    await loop;
    // 200, 400, 800, 1600 ms between attempts (without the fix: 200 ms every time, the connect "succeeding").
    expect((accepts[4] ?? 0) - (accepts[0] ?? 0)).toBeGreaterThanOrEqual(2900);
    expect(codes.has("closed") || codes.has("connect-failed")).toBe(true);
    const warnings = logger.lines.filter((l) => l.level === "warn" && l.message.includes("does it speak silly wire 0.7.1?"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain("peer closed the connection right after the first request and sent nothing");
    expect(warnings[0]?.message).toContain("this node speaks 0.7.0");
  });

  it("one that reads every request and never answers: ejected after 5 timeouts, with one warning naming both wires", async () => {
    const silent = await startRawServer((socket) => socket.on("data", () => {}));
    servers.push(silent);
    const registry = createStaticRegistry({ services: { calc: [{ id: "silent", addr: `127.0.0.1:${silent.port}` }] } });
    for (const i of [1, 2]) {
      const m = await startCalcMember(i, { registry, node: { wire: "silly-0.7.1" } });
      nodes.push(m.node);
    }
    const { node, logger } = caller({ registry, wire: "silly-0.7.1" });
    const target = node.service(CalcService, { outlier: { baseEjectionTime: 60_000 } });
    const calc = createCalcClient(node, target);
    await target.ready();
    await waitFor(() => target.connected && target.members().length === 3, 5000, "3 connected members");
    let failures = 0;
    for (let i = 0; i < 30; i++) {
      await calc.add({ a: i, b: 0 }).catch(() => failures++);
    }
    expect(failures).toBe(5);
    expect(target.members().find((m) => m.id === "silent")?.state).toBe("ejected");
    const warnings = logger.lines.filter((l) => l.level === "warn" && l.message.includes("does it speak silly wire 0.7.0?"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain("no response to the first 5 calls");
  });
});
