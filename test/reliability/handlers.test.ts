/**
 * Misbehaving handlers: ones that throw, reject, never resolve, return something that is not bytes,
 * return a body too large for the wire, or whose response fails to marshal. Each failure is logged,
 * the caller sees a timeout (the wire has no error frame), and the node keeps serving everyone else.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  createCluster,
  isClusterError,
  listenerAddress,
  type ClusterNode,
  type RawHandler,
  type WireVersion,
} from "../../runtime/index.ts";
import { createMemoryLogger, waitFor } from "../runtime/helpers.ts";

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

const BAD: Readonly<Record<string, RawHandler>> = {
  throws: () => {
    throw new RangeError("boom");
  },
  rejects: () => Promise.reject(new TypeError("async boom")),
  "rejects with a non-error": () => Promise.reject("a string"),
  "never resolves": () => new Promise<Uint8Array>(() => {}),
  "returns a non-Uint8Array": () => ({ not: "bytes" }) as unknown as Uint8Array,
  "returns a body over the wire limit": () => new Uint8Array(70_000),
};

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("misbehaving handlers (%s)", (wire: WireVersion) => {
  it("log each failure and keep serving the other cmds and peers", async () => {
    const logger = createMemoryLogger();
    const limits = wire === "silly-0.7.1" ? { maxFrameBytes: 65535 } : {};
    // Every failure is logged (a burst of 30 lines of one message: above logRate's default of 10 per 10 s).
    const server = createCluster({ wire, logger, limits, logRate: { burst: 100 } });
    nodes.push(server);
    server.handle(1, (body) => body);
    Object.values(BAD).forEach((handler, i) => {
      server.handle(100 + i, handler);
    });
    const listener = await server.listen("127.0.0.1:0");
    const clients = [createCluster({ wire, timeout: 300, limits }), createCluster({ wire, timeout: 300, limits })];
    nodes.push(...clients);
    const peers = await Promise.all(clients.map((c) => c.connect(listenerAddress(listener))));
    const bad = Object.keys(BAD).flatMap((_, i) =>
      Array.from({ length: 10 }, () =>
        clients[0]!.callRaw(peers[0]!, 100 + i, Uint8Array.of(1)).then(
          () => "resolved",
          (e: unknown) => (isClusterError(e) ? e.code : "other"),
        ),
      ),
    );
    const good = Array.from({ length: 200 }, (_, i) =>
      clients[i % 2]!.callRaw(peers[i % 2]!, 1, Uint8Array.of(i & 0xff), { timeout: 10_000 }),
    );
    const replies = await Promise.all(good);
    expect(replies.map((r) => r[0])).toEqual(Array.from({ length: 200 }, (_, i) => i & 0xff));
    const codes = await Promise.all(bad);
    expect(new Set(codes)).toEqual(new Set(["timeout"]));
    const errors = logger.lines.filter((l) => l.level === "error").map((l) => l.message);
    expect(errors.filter((m) => /handler failed/.test(m))).toHaveLength(30);
    expect(errors.filter((m) => /not a Uint8Array/.test(m))).toHaveLength(10);
    expect(errors.filter((m) => /response not sent/.test(m))).toHaveLength(10);
    // Still serving after all of it.
    expect((await clients[1]!.callRaw(peers[1]!, 1, Uint8Array.of(9), { timeout: 10_000 }))[0]).toBe(9);
    expect(server.stats().connections).toBe(2);
  });

  it("logs a response that fails to marshal and keeps serving", async () => {
    const logger = createMemoryLogger();
    const marshal = (_type: string, cmd: number | string, body: unknown): readonly [number, Uint8Array] => {
      if (body === "unencodable") throw new RangeError("cannot encode");
      return [Number(cmd), body as Uint8Array];
    };
    const unmarshal = (_type: string, _cmd: number, bytes: Uint8Array): unknown => bytes;
    const server = createCluster({
      wire,
      logger,
      marshal,
      unmarshal,
      call: (_peer, cmd, body) => (cmd === 2 ? "unencodable" : body),
    });
    nodes.push(server);
    const listener = await server.listen("127.0.0.1:0");
    const client = createCluster({ wire, timeout: 300 });
    nodes.push(client);
    const peer = await client.connect(listenerAddress(listener));
    const failed = await client.callRaw(peer, 2, Uint8Array.of(1)).catch((e: unknown) => e);
    expect(isClusterError(failed, "timeout")).toBe(true);
    await waitFor(() => logger.lines.some((l) => /marshal of response failed/.test(l.message)));
    expect((await client.callRaw(peer, 1, Uint8Array.of(5), { timeout: 10_000 }))[0]).toBe(5);
  });
});
