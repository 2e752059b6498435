/**
 * `node.drain()`: leaves the registry (only its own listeners), stops accepting connections,
 * serves what is already on its way, then shuts down — under load, no accepted call is lost; a
 * handler outliving the drain timeout loses its response; calls after the drain fail fast.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CalcService, createCalcClient } from "../../generated/calc.ts";
import { createCluster } from "../../runtime/node/cluster.ts";
import type { Registry } from "../../runtime/discovery/registry.ts";
import { createStaticRegistry } from "../../runtime/discovery/static-registry.ts";
import { isClusterError } from "../../runtime/core/errors.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import { createMemoryLogger, rawConnect, waitFor } from "../runtime/helpers.ts";
import { memberOfSum, startCalcMember, type CalcMember } from "./support/members.ts";

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

function client(options: Parameters<typeof createCluster>[0] = {}): ClusterNode {
  const n = createCluster({ logger: createMemoryLogger(), timeout: 5000, ...options });
  nodes.push(n);
  return n;
}

async function member(index: number, options: Parameters<typeof startCalcMember>[1] = {}): Promise<CalcMember> {
  const m = await startCalcMember(index, options);
  nodes.push(m.node);
  return m;
}

function refused(port: number): Promise<boolean> {
  return rawConnect(port).then(
    (socket) => {
      socket.destroy();
      return false;
    },
    () => true,
  );
}

describe("drain", () => {
  it("under load by service name, loses no accepted call; the drained node leaves the registry and refuses connections", async () => {
    const registry = createStaticRegistry();
    const ms = [await member(1, { registry }), await member(2, { registry }), await member(3, { registry })];
    const drained = ms[1] as CalcMember;
    const node = client({ registry });
    const target = node.service(CalcService);
    const calc = createCalcClient(node, target);
    await target.ready();
    await waitFor(() => target.connected && target.members().length === 3, 5000, "3 connected members");

    // A slow call accepted by the member before the drain starts must still be answered.
    const direct = client();
    const slow = createCalcClient(direct, await direct.connect(drained.address)).slowAdd({ a: 1, b: 1, delayMs: 300 });
    await waitFor(() => drained.served.slowAdd === 1, 5000, "slow call accepted");

    let stop = false;
    let ok = 0;
    const failures: unknown[] = [];
    const caller = async (): Promise<void> => {
      for (let i = 0; !stop; i++) {
        try {
          const sum = await calc.slowAdd({ a: i, b: 0, delayMs: 3 });
          if (memberOfSum(sum.result, i, 0) < 1) failures.push(new Error(`bad sum ${String(sum.result)}`));
          ok++;
        } catch (error) {
          failures.push(error);
        }
      }
    };
    const callers = Array.from({ length: 8 }, caller);
    await waitFor(() => ok >= 50, 10_000, "load running");
    const servedBefore = drained.served.slowAdd;
    const draining = drained.node.drain({ quiet: 100 });
    await draining;
    const okAtDrain = ok;
    await waitFor(() => ok >= okAtDrain + 50, 10_000, "load after the drain");
    stop = true;
    await Promise.all(callers);

    expect(failures).toEqual([]);
    expect(memberOfSum((await slow).result, 1, 1)).toBe(2);
    expect(servedBefore).toBeGreaterThan(1);
    expect(drained.node.listeners()).toEqual([]);
    expect(drained.node.peers()).toEqual([]);
    expect(await refused(drained.listener.address.port)).toBe(true);
    expect(
      target
        .members()
        .map((m) => m.addr)
        .sort(),
    ).toEqual([ms[0]?.address, ms[2]?.address].sort());
  });

  it("serves requests still arriving while draining; afterwards calls fail fast, not by timeout", async () => {
    const m = await member(1);
    const node = client({ timeout: 20_000 });
    const calc = createCalcClient(node, await node.connect(m.address));
    await waitFor(() => m.listener.connections === 1, 5000, "connection accepted");
    const draining = m.node.drain({ quiet: 300 });
    // The caller does not watch any registry: its request arrives during the drain and is answered.
    expect(memberOfSum((await calc.add({ a: 4, b: 4 })).result, 4, 4)).toBe(1);
    await draining;
    const started = Date.now();
    const error = await calc.add({ a: 1, b: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(["closed", "peer-closed", "connect-failed"], String(error)).toContain(isClusterError(error) ? error.code : "");
    // Far below the 20 s call timeout (bounded, not a timing assertion).
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("a request that arrived while the node's event loop was stalled past `quiet` is still served", async () => {
    const m = await member(1);
    const node = client({ timeout: 20_000 });
    const calc = createCalcClient(node, await node.connect(m.address));
    // Accepted before the drain starts (a connection arriving during a drain is refused).
    await waitFor(() => m.listener.connections === 1, 5000, "connection accepted");
    const draining = m.node.drain({ quiet: 50 });
    // The request is written, then the process stalls (GC, a busy host) for longer than `quiet`
    // before it reads it: the drain's timer then runs before the request is read.
    const call = await new Promise<Promise<string>>((resolve) =>
      setImmediate(() => {
        const answer = calc.add({ a: 2, b: 3 }).then(
          (sum) => `sum ${String(sum.result)}`,
          (e: unknown) => (isClusterError(e) ? e.code : String(e)),
        );
        process.nextTick(() => {
          const until = Date.now() + 200;
          while (Date.now() < until);
        });
        resolve(answer);
      }),
    );
    expect(await call).toBe("sum 1005");
    await draining;
  });

  it("stops accepting before it leaves the registry: a connection tried meanwhile is refused, not accepted and dropped", async () => {
    // A registry slow to withdraw (etcd under load): the drain is in its first step until `leave()`.
    const registry = createStaticRegistry();
    let leave: () => void = () => undefined;
    const left = new Promise<void>((resolve) => (leave = resolve));
    const slow: Registry = { ...registry, withdraw: (listeners) => left.then(() => registry.withdraw(listeners)) };
    const m = await member(1, { registry: slow });
    const draining = m.node.drain({ quiet: 50 });
    // Refused means `connect-failed`, which callers by name retry on another member; a connection
    // accepted and then dropped would fail the call with `closed`, which they cannot retry.
    const node = client();
    const outcome = await node
      .connect(m.address)
      .then((peer) => createCalcClient(node, peer).add({ a: 1, b: 1 }))
      .then(
        () => "answered",
        (e: unknown) => (isClusterError(e) ? e.code : String(e)),
      );
    expect(outcome).toBe("connect-failed");
    leave();
    await draining;
    expect(m.node.listeners()).toEqual([]);
  });

  it("a handler still running at the drain timeout loses its response; the drain ends anyway", async () => {
    const m = await member(1, { hold: true });
    const node = client({ timeout: 20_000 });
    const calc = createCalcClient(node, await node.connect(m.address));
    const held = calc.slowAdd({ a: 1, b: 1, delayMs: -1 }).then(
      () => "answered",
      (e: unknown) => (isClusterError(e) ? e.code : String(e)),
    );
    await waitFor(() => m.served.slowAdd === 1, 5000, "held call accepted");
    await m.node.drain({ timeout: 300, quiet: 50 });
    // The member closed the connection: the caller's call fails with `closed` at once.
    expect(await held).toBe("closed");
    m.release();
  });

  it("checks its options, and a second drain() returns the first one's promise", async () => {
    const m = await member(1);
    await expect(m.node.drain({ timeout: -1 })).rejects.toSatisfy((e: unknown) => isClusterError(e, "invalid-argument"));
    await expect(m.node.drain({ quiet: Number.NaN })).rejects.toSatisfy((e: unknown) => isClusterError(e, "invalid-argument"));
    // A rejected drain() changed nothing: the node still accepts connections.
    expect(await refused(m.listener.address.port)).toBe(false);
    const first = m.node.drain({ quiet: 10 });
    expect(m.node.drain()).toBe(first);
    await first;
    expect(await refused(m.listener.address.port)).toBe(true);
  });
});
