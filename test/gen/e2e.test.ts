/**
 * Generated clients and servers end to end over real sockets on 127.0.0.1, for both
 * wire versions: typed calls, one-way messages, timeouts, several services on one node,
 * handler failures, unknown cmds, and the schema-derived silly-style marshaling.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  createCluster,
  createMarshaling,
  EncodeError,
  isClusterError,
  listenerAddress,
  type ClusterNode,
  type ClusterOptions,
  type Logger,
} from "@clusterc/runtime";
import { CalcService, createCalcClient, serveCalc, type CalcHandler } from "../../generated/calc.ts";
import { createReceiverClient, serveReceiver } from "../../generated/broadcast.ts";
import { createWorkerClient, serveWorker } from "../../generated/worker.ts";

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

/** A logger that records what it is told, for asserting on logged failures. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const rec = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(
      `${level} ${message} ${JSON.stringify(fields ?? {}, (_k, v) => (typeof v === "bigint" ? v.toString() : v instanceof Error ? v.message : v))}`,
    );
  };
  return { lines, debug: rec("debug"), info: rec("info"), warn: rec("warn"), error: rec("error") };
}

function node(options: ClusterOptions = {}): ClusterNode {
  const n = createCluster(options);
  nodes.push(n);
  return n;
}

const calcImpl = (notes: string[]): CalcHandler => ({
  add: ({ a = 0, b = 0 }) => ({ result: a + b }),
  slowAdd: async ({ a = 0, b = 0, delayMs = 0 }) => {
    await new Promise((r) => setTimeout(r, delayMs));
    return { result: a + b };
  },
  notify: ({ message }, ctx) => {
    notes.push(`${message}@${ctx.cmd}`);
  },
});

for (const wire of ["silly-0.7.0", "silly-0.7.1"] as const) {
  describe(`generated service over ${wire}`, () => {
    async function pair(serverOptions: ClusterOptions = {}) {
      const notes: string[] = [];
      const server = node({ wire, ...serverOptions });
      serveCalc(server, calcImpl(notes));
      const listener = await server.listen("127.0.0.1:0");
      const client = node({ wire });
      const peer = await client.connect(listenerAddress(listener));
      return { server, client, peer, notes, calc: createCalcClient(client, peer) };
    }

    it("calls add and gets a typed sum", async () => {
      const { calc } = await pair();
      await expect(calc.add({ a: 10, b: 20 })).resolves.toEqual({ result: 30 });
      await expect(calc.add({})).resolves.toEqual({ result: 0 });
      const many = await Promise.all(Array.from({ length: 500 }, (_, i) => calc.add({ a: i, b: i })));
      expect(many.map((s) => s.result)).toEqual(Array.from({ length: 500 }, (_, i) => 2 * i));
    });

    it("sends one-way notify without a response", async () => {
      const { calc, notes } = await pair();
      for (let i = 0; i < 5; i++) await expect(calc.notify({ message: `n${i}` })).resolves.toBeUndefined();
      await expect(calc.add({ a: 1, b: 1 })).resolves.toEqual({ result: 2 });
      expect(notes).toEqual(["n0@16", "n1@16", "n2@16", "n3@16", "n4@16"]);
    });

    it("times out a slow call with code timeout and keeps the connection", async () => {
      const { calc } = await pair();
      const err = await calc.slowAdd({ a: 1, b: 2, delayMs: 500 }, { timeout: 50 }).catch((e: unknown) => e);
      expect(isClusterError(err, "timeout")).toBe(true);
      await expect(calc.add({ a: 2, b: 2 })).resolves.toEqual({ result: 4 });
    });

    it("rejects an out-of-range request with EncodeError and sends nothing", async () => {
      const { calc, server } = await pair();
      const err = await calc.add({ a: 2 ** 31, b: 0 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EncodeError);
      expect(String((err as Error).message)).toMatch(/add\.a/);
      expect(server.stats().pending).toBe(0);
    });

    it("logs a throwing handler, answers nothing, and keeps serving", async () => {
      const logger = recordingLogger();
      const server = node({ wire, logger });
      let calls = 0;
      serveCalc(server, {
        ...calcImpl([]),
        add: ({ a = 0, b = 0 }) => {
          if (calls++ === 0) throw new Error("boom in add");
          return { result: a + b };
        },
      });
      const listener = await server.listen("127.0.0.1:0");
      const client = node({ wire });
      const calc = createCalcClient(client, await client.connect(listenerAddress(listener)));
      const err = await calc.add({ a: 1, b: 1 }, { timeout: 150 }).catch((e: unknown) => e);
      expect(isClusterError(err, "timeout")).toBe(true);
      await expect(calc.add({ a: 1, b: 1 })).resolves.toEqual({ result: 2 });
      expect(logger.lines.some((l) => l.startsWith("error") && l.includes("boom in add"))).toBe(true);
    });

    it("serves several services on one node, and refuses a cmd served twice", async () => {
      const server = node({ wire });
      serveCalc(server, calcImpl([]));
      serveReceiver(server, { broadcast: ({ message }) => ({ nodeId: `got ${message}` }) });
      serveWorker(server, { work: ({ taskId }) => ({ taskId, output: "done" }) });
      expect(() => serveCalc(server, calcImpl([]))).toThrow();
      const listener = await server.listen("127.0.0.1:0");
      const client = node({ wire });
      const peer = await client.connect(listenerAddress(listener));
      await expect(createCalcClient(client, peer).add({ a: 3, b: 4 })).resolves.toEqual({ result: 7 });
      await expect(createReceiverClient(client, peer).broadcast({ message: "hi" })).resolves.toEqual({ nodeId: "got hi" });
      await expect(createWorkerClient(client, peer).work({ taskId: 9 })).resolves.toEqual({ taskId: 9, output: "done" });
    });

    it("unregistering a service makes its cmds unknown: logged, not crashed on", async () => {
      const logger = recordingLogger();
      const server = node({ wire, logger });
      const stop = serveCalc(server, calcImpl([]));
      const listener = await server.listen("127.0.0.1:0");
      const client = node({ wire });
      const calc = createCalcClient(client, await client.connect(listenerAddress(listener)));
      await expect(calc.add({ a: 1, b: 2 })).resolves.toEqual({ result: 3 });
      stop();
      const err = await calc.add({ a: 1, b: 2 }, { timeout: 150 }).catch((e: unknown) => e);
      expect(isClusterError(err, "timeout")).toBe(true);
      expect(logger.lines.some((l) => /cmd/i.test(l) && /1\b/.test(l))).toBe(true);
      serveCalc(server, calcImpl([]));
      await expect(calc.add({ a: 5, b: 5 })).resolves.toEqual({ result: 10 });
    });

    it("derives silly-style marshal/unmarshal from the schema (call by method name)", async () => {
      const { marshal, unmarshal } = createMarshaling(CalcService);
      const server = node({
        wire,
        marshal,
        unmarshal,
        call: (_peer, cmd, body) => (cmd === 1 ? { result: ((body as { a: number }).a ?? 0) * 100 } : undefined),
      });
      const listener = await server.listen("127.0.0.1:0");
      const client = node({ wire, marshal, unmarshal });
      const peer = await client.connect(listenerAddress(listener));
      await expect(client.call(peer, "add", { a: 7, b: 0 })).resolves.toEqual({ result: 700 });
      await expect(client.call(peer, 1, { a: 2 })).resolves.toEqual({ result: 200 });
      // The typed client interoperates with the marshaling server: same bytes on the wire.
      await expect(createCalcClient(client, peer).add({ a: 3 })).resolves.toEqual({ result: 300 });
    });
  });
}
