/**
 * A node after shutdown(): closed for good. connect, listen, service(), and calls and sends on
 * its peers (old ones, lazy ones, service targets) reject with one code, `node-closed`, and no
 * listener or connection is left behind — also when connect or listen was still under way when
 * shutdown() started. Bad addresses get a message that says what is wrong.
 */
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CalcService, createCalcClient } from "../../../generated/calc.ts";
import { createCluster, createStaticRegistry, isClusterError, listenerAddress, type ClusterNode } from "../../../runtime/index.ts";
import { calcImpl, calcPair, closeAll, node } from "../fixtures/calc-pair.ts";
import { serveService } from "../../../runtime/rpc/server.ts";

afterEach(closeAll);

/** The ClusterError code `promise` rejects with (fails the test when it resolves or rejects with something else). */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isClusterError(error)) return error.code;
    throw error;
  }
  throw new Error("expected a rejection");
}

/** True when something still accepts TCP connections on `address`. */
function listening(address: string): Promise<boolean> {
  const port = Number(address.slice(address.lastIndexOf(":") + 1));
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(true));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
  });
}

describe("a node after shutdown()", () => {
  it("rejects connect, listen and service() with node-closed", async () => {
    const server = node();
    const listener = await server.listen("127.0.0.1:0");
    const client = node();
    await client.shutdown();
    expect(await codeOf(client.connect(listenerAddress(listener)))).toBe("node-closed");
    expect(await codeOf(client.listen("127.0.0.1:0"))).toBe("node-closed");
    expect(() => client.service("calc", { registry: createStaticRegistry() })).toThrow(/\[node-closed\]/);
    expect(client.stats()).toMatchObject({ connections: 0, listeners: 0, peers: 0 });
  });

  it("rejects calls and sends on its old peers with node-closed (typed, raw and lazy ones alike)", async () => {
    const { client, peer, address } = await calcPair();
    const calc = createCalcClient(client, peer);
    expect((await calc.add({ a: 1, b: 2 })).result).toBe(3);
    await client.shutdown();
    expect(await codeOf(calc.add({ a: 1, b: 2 }))).toBe("node-closed");
    expect(await codeOf(calc.notify({ message: "late" }))).toBe("node-closed");
    expect(await codeOf(client.callRaw(peer, 1, new Uint8Array()))).toBe("node-closed");
    expect(await codeOf(client.sendRaw(peer, 1, new Uint8Array()))).toBe("node-closed");
    expect(client.stats()).toMatchObject({ connections: 0, listeners: 0 });

    const lazyNode = node({ connectMode: "lazy" });
    const lazy = await lazyNode.connect(address);
    await lazyNode.shutdown();
    expect(await codeOf(createCalcClient(lazyNode, lazy).add({ a: 1 }))).toBe("node-closed");
    expect(await codeOf(lazyNode.sendRaw(lazy, 1, new Uint8Array()))).toBe("node-closed");
    expect(lazyNode.stats().connections).toBe(0);
  });

  it("rejects calls through a service target with node-closed", async () => {
    const server = node();
    serveService(server, CalcService, calcImpl());
    const listener = await server.listen("127.0.0.1:0");
    const client = node({ registry: createStaticRegistry({ services: { calc: [listenerAddress(listener)] } }) });
    const calc = createCalcClient(client, client.service(CalcService));
    expect((await calc.add({ a: 2, b: 2 })).result).toBe(4);
    await client.shutdown();
    expect(await codeOf(calc.add({ a: 2, b: 2 }))).toBe("node-closed");
    expect(await codeOf(calc.notify({ message: "late" }))).toBe("node-closed");
  });

  it("leaves no live listener when listen() was under way as shutdown() started", async () => {
    const n: ClusterNode = createCluster();
    const listening1 = n.listen("127.0.0.1:0");
    const shut = n.shutdown();
    expect(await codeOf(listening1)).toBe("node-closed");
    await shut;
    expect(n.stats().listeners).toBe(0);
  });

  it("leaves no live listener behind: the port is free once shutdown() resolves", async () => {
    const n = node();
    const listener = await n.listen("127.0.0.1:0");
    const address = listenerAddress(listener);
    expect(await listening(address)).toBe(true);
    await n.shutdown();
    expect(await listening(address)).toBe(false);
    expect(await codeOf(n.listen(address))).toBe("node-closed");
    expect(await listening(address)).toBe(false);
  });

  it("rejects a connect still under way when shutdown() started with node-closed, and keeps no connection", async () => {
    const server = node();
    const listener = await server.listen("127.0.0.1:0");
    const client = node();
    const connecting = client.connect(listenerAddress(listener));
    const shut = client.shutdown();
    expect(await codeOf(connecting)).toBe("node-closed");
    await shut;
    expect(client.stats()).toMatchObject({ connections: 0, peers: 0 });
  });

  it("is idempotent: shutting down twice resolves both times", async () => {
    const n = node();
    await n.listen("127.0.0.1:0");
    await Promise.all([n.shutdown(), n.shutdown()]);
    await n.shutdown();
    expect(n.stats().listeners).toBe(0);
  });
});

describe("bad addresses", () => {
  it("connect and listen say what is wrong: a port out of range is not a missing port", async () => {
    const n = node();
    await expect(n.connect("h:99999")).rejects.toThrow('[invalid-argument] bad address "h:99999": port 99999 is out of range (0..65535)');
    await expect(n.connect("h")).rejects.toThrow('[invalid-argument] bad address "h": no port');
    await expect(n.listen("127.0.0.1:65536")).rejects.toThrow("port 65536 is out of range (0..65535)");
  });
});
