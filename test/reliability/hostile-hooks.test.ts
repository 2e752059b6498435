/**
 * Issue 23, "every user hook is isolated": a metrics hook, a logger, an interceptor's outer
 * function, a registry or target listener, or a custom balancer that throws is caught, logged
 * once, and the node goes on. Before the fix, a throwing server metrics hook crashed the process
 * on any incoming connection (an uncaught exception in a socket callback: vitest fails the run),
 * a client `started` throw failed calls without a code, and a `connectionClosed` throw made
 * `shutdown()` reject.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CalcService, createCalcClient } from "../../generated/calc.ts";
import { createStaticRegistry } from "../../runtime/discovery/static-registry.ts";
import type { ClusterMetrics, MethodMetrics } from "../../runtime/observability/metrics-hook.ts";
import type { Logger } from "../../runtime/core/logger.ts";
import { isClusterError } from "../../runtime/core/errors.ts";
import { callMethod } from "../../runtime/rpc/client.ts";
import { createCluster } from "../../runtime/node/cluster.ts";
import { calcPair, closeAll, node, rejection } from "../runtime/fixtures/calc-pair.ts";
import { createMemoryLogger, waitFor } from "../runtime/helpers.ts";

afterEach(closeAll);

type Callback = "method" | "started" | "finished" | "bytes" | "connectionOpened" | "connectionClosed";

/** A metrics hook whose `broken` callback throws; counts how often each callback ran. */
function throwingMetrics(broken: Callback): ClusterMetrics & { readonly calls: Record<Callback, number> } {
  const calls: Record<Callback, number> = { method: 0, started: 0, finished: 0, bytes: 0, connectionOpened: 0, connectionClosed: 0 };
  const hit = (name: Callback): void => {
    calls[name]++;
    if (name === broken) throw new Error(`${name} is broken`);
  };
  const recorder: MethodMetrics = { started: () => hit("started"), finished: () => hit("finished") };
  return {
    calls,
    method: () => {
      hit("method");
      return recorder;
    },
    bytes: () => hit("bytes"),
    connectionOpened: () => hit("connectionOpened"),
    connectionClosed: () => hit("connectionClosed"),
  };
}

function hookLines(log: ReturnType<typeof createMemoryLogger>) {
  return log.lines.filter((l) => l.message.startsWith("metrics hook threw"));
}

describe("a throwing metrics hook", () => {
  it.each(["finished", "bytes", "connectionOpened", "connectionClosed"] as const)(
    "server: a throw in %s is logged once, disables the hook, and the node serves on",
    async (broken) => {
      const metrics = throwingMetrics(broken);
      const { server, client, peer, address } = await calcPair({ server: { metrics } });
      const calc = createCalcClient(client, peer);
      for (let i = 0; i < 20; i++) expect((await calc.add({ a: i, b: 1 })).result).toBe(i + 1);
      // New connections keep coming, the hook stays off.
      for (let i = 0; i < 3; i++) {
        const other = createCluster({ logger: createMemoryLogger() });
        const p = await other.connect(address);
        expect((await createCalcClient(other, p).add({ a: 2, b: 2 })).result).toBe(4);
        await other.shutdown();
      }
      await waitFor(() => metrics.calls[broken] >= 1, 5000, `${broken} called`);
      await waitFor(() => hookLines(server.log).length > 0, 5000, "the hook's failure logged");
      // Called once: the throw disabled it for every later frame and connection.
      expect(metrics.calls[broken]).toBe(1);
      expect(hookLines(server.log)).toHaveLength(1);
      expect(hookLines(server.log)[0]?.fields?.hook).toMatch(new RegExp(broken));
    },
  );

  it("client: a throw in bytes or started leaves calls as they are; one in connectionClosed leaves shutdown() resolving", async () => {
    for (const broken of ["bytes", "started", "connectionClosed"] as const) {
      const metrics = throwingMetrics(broken);
      const { client, peer } = await calcPair({ client: { metrics } });
      const calc = createCalcClient(client, peer);
      for (let i = 0; i < 10; i++) expect((await calc.add({ a: i, b: 0 })).result).toBe(i);
      await expect(client.shutdown()).resolves.toBeUndefined();
      expect(metrics.calls[broken]).toBe(1);
      expect(hookLines(client.log)).toHaveLength(1);
      await closeAll();
    }
  });

  it("a hook whose method() throws records nothing and breaks nothing", async () => {
    const metrics = throwingMetrics("method");
    const { client, peer } = await calcPair({ client: { metrics }, server: { metrics: throwingMetrics("method") } });
    expect((await createCalcClient(client, peer).add({ a: 1, b: 2 })).result).toBe(3);
    expect((await callMethod(client, peer, CalcService.methods.add, { a: 3, b: 4 })).result).toBe(7);
    expect(hookLines(client.log)).toHaveLength(1);
  });
});

describe("a throwing logger", () => {
  it("never reaches the node: calls, protocol errors and closes go on, and its failure is reported once", async () => {
    const reports: string[] = [];
    const original = console.error;
    console.error = (text: string) => void reports.push(String(text));
    try {
      const thrower: Logger = {
        debug: () => {
          throw new Error("debug broken");
        },
        info: () => {
          throw new Error("info broken");
        },
        warn: () => {
          throw new Error("warn broken");
        },
        error: () => {
          throw new Error("error broken");
        },
      };
      const { server, client, peer } = await calcPair({
        server: { logger: thrower },
        client: { logger: thrower },
        impl: {
          add: () => {
            throw new Error("handler failure, logged at error");
          },
        },
      });
      const calc = createCalcClient(client, peer);
      // The handler fails (logged by the server through the throwing logger): the call times out, nothing crashes.
      expect(isClusterError(await rejection(calc.add({ a: 1, b: 1 }, { timeout: 200 })), "timeout")).toBe(true);
      expect((await calc.slowAdd({ a: 1, b: 1, delayMs: 0 })).result).toBe(2);
      await client.close(peer);
      await server.shutdown();
      expect(reports.filter((r) => /error\(\) threw/.test(r))).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });
});

describe("throwing listeners, balancers and interceptors", () => {
  it("a static registry's watch listener that throws fails neither announce nor withdraw", async () => {
    const log = createMemoryLogger();
    const registry = createStaticRegistry({ logger: log });
    registry.watch("calc", () => {
      throw new Error("listener broken");
    });
    const a = await registry.announce("calc", "127.0.0.1:7001");
    await a.withdraw();
    expect(log.lines.filter((l) => l.message === "membership listener failed")).toHaveLength(2);
  });

  it("a target listener or a custom balancer's update() that throws leaves the target routing calls", async () => {
    const { address } = await calcPair();
    const registry = createStaticRegistry({ services: { calc: [address] } });
    const caller = node({ registry });
    let updates = 0;
    const target = caller.service("calc", {
      balance: {
        update() {
          updates++;
          throw new Error("update broken");
        },
        pick: (members) => members[0],
      },
    });
    target.on(() => {
      throw new Error("target listener broken");
    });
    const calc = createCalcClient(caller, target);
    expect((await calc.add({ a: 5, b: 5 })).result).toBe(10);
    // Members come and go (events reach the throwing listener; the rotation changes reach update()).
    const extra = await registry.announce("calc", "127.0.0.1:9");
    await waitFor(() => target.members().length === 2, 5000, "the second member");
    await extra.withdraw();
    await waitFor(() => target.members().length === 1, 5000, "the second member gone");
    expect((await calc.add({ a: 6, b: 6 })).result).toBe(12);
    expect(updates).toBeGreaterThan(1);
    expect(caller.log.lines.some((l) => l.message === "service target listener failed")).toBe(true);
    expect(caller.log.lines.some((l) => l.message === "balancer update failed")).toBe(true);
  });

  it("an interceptor whose outer function throws fails the binding with invalid-argument naming it", async () => {
    const broken = () => {
      throw new Error("outer broken");
    };
    expect(() => createCluster({ interceptors: [(next) => next, broken] })).toThrowError(
      expect.objectContaining({
        code: "invalid-argument",
        message: expect.stringMatching(/interceptor #1 threw while being bound: outer broken/),
      }),
    );
    const { client, peer } = await calcPair();
    expect(() => createCalcClient(client, peer, { interceptors: [broken] })).toThrowError(
      expect.objectContaining({ code: "invalid-argument" }),
    );
  });
});
