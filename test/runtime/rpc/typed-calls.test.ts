/**
 * Typed calls over real sockets (both wires): the request is packed straight into the
 * connection's output buffer, the response decoded straight from the received chunk, and a
 * typed handler runs without intermediate bytes. Everything must behave as the byte path
 * (`encodePacked` + `callRaw`, raw handlers) does: results, errors, what is (not) sent.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  ClusterError,
  DecodeError,
  EncodeError,
  callMethod,
  createCluster,
  defineService,
  listenerAddress,
  sendMethod,
  serveMethods,
  type CallContext,
  type ClusterNode,
  type Peer,
} from "../../../runtime/index.ts";
import { createBlobCodec, type Blob } from "../fixtures/blob-codec.ts";
import { createMemoryLogger, waitFor } from "../helpers.ts";

const Echo = createBlobCodec("echo", 0x21);
const Reply = createBlobCodec("reply", 0x22);
const Note = createBlobCodec("note", 0x23);
const Garbled = createBlobCodec("garbled", 0x24);

const service = defineService({
  name: "blobs",
  methods: {
    echo: { name: "echo", cmd: 0x21, request: Echo, response: Reply },
    note: { name: "note", cmd: 0x23, request: Note },
  },
});

/** Calls whose server side is a raw handler answering bytes that do not decode. */
const garbledMethod = { name: "garbled", cmd: 0x24, request: Garbled, response: Reply } as const;

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

type Impl = (request: Blob, ctx: CallContext) => Blob | Promise<Blob> | undefined;

interface Pair {
  readonly client: ClusterNode;
  readonly server: ClusterNode;
  readonly peer: Peer;
  readonly serverLog: ReturnType<typeof createMemoryLogger>;
  readonly notes: Uint8Array[];
}

async function setup(wire: "silly-0.7.0" | "silly-0.7.1", impl: Impl): Promise<Pair> {
  const serverLog = createMemoryLogger();
  const server = createCluster({ wire, logger: serverLog });
  const client = createCluster({ wire, logger: createMemoryLogger() });
  nodes.push(server, client);
  const notes: Uint8Array[] = [];
  serveMethods(server, "blobs", Object.values(service.methods), {
    echo: impl as never,
    note: ((req: Blob) => void notes.push(req.data)) as never,
  });
  server.handle(0x24, () => Uint8Array.of(0x01, 0x05)); // unpacks to 05 00 …: a blob length cut short
  server.handle(0x30, (body) => Uint8Array.from(body).reverse());
  const listener = await server.listen("127.0.0.1:0");
  const peer = await client.connect(listenerAddress(listener));
  return { client, server, peer, serverLog, notes };
}

const echo = (p: Pair, data: Uint8Array, timeout?: number): Promise<Blob> =>
  callMethod(p.client, p.peer, service.methods.echo, { data }, timeout === undefined ? undefined : { timeout });

const bytes = (n: number, fill: (i: number) => number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => fill(i));

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("typed calls over %s", (wire) => {
  it("round-trips bodies of any content, many in flight, mixed with raw calls on the same connection", async () => {
    const p = await setup(wire, (req) => ({ data: req.data }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 600 }), { minLength: 1, maxLength: 40 }), async (bodies) => {
        const typed = Promise.all(bodies.map((data) => echo(p, data)));
        const raw = Promise.all(bodies.map((data) => p.client.callRaw(p.peer, 0x30, data)));
        const [gotTyped, gotRaw] = await Promise.all([typed, raw]);
        expect(gotTyped.map((b) => [...b.data])).toEqual(bodies.map((b) => [...b]));
        expect(gotRaw.map((b) => [...b])).toEqual(bodies.map((b) => [...b].reverse()));
      }),
      { numRuns: 25 },
    );
    expect(p.client.stats().pending).toBe(0);
  });

  it("rejects a request that does not encode with its EncodeError and sends nothing", async () => {
    let handled = 0;
    const p = await setup(wire, (req) => {
      handled++;
      return { data: req.data };
    });
    const bad = callMethod(p.client, p.peer, service.methods.echo, { data: [1, 2] } as unknown as Blob);
    expect(p.client.stats().queuedBytes).toBe(0);
    await expect(bad).rejects.toBeInstanceOf(EncodeError);
    expect(p.client.stats().pending).toBe(0);
    expect([...(await echo(p, Uint8Array.of(4))).data]).toEqual([4]);
    expect(handled).toBe(1);
  });

  it("rejects a request over the frame limit with frame-too-large and sends nothing; a zero-heavy one packs under it", async () => {
    const p = await setup(wire, (req) => ({ data: req.data.subarray(0, 3) }));
    const limit = wire === "silly-0.7.0" ? 0xffff : 128 * 1024 * 1024;
    if (wire === "silly-0.7.0") {
      const big = bytes(limit, (i) => (i % 251) + 1); // no zero byte: packs larger than it is
      const error = await echo(p, big).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ClusterError);
      expect((error as ClusterError).code).toBe("frame-too-large");
      expect((error as ClusterError).message).toContain(p.peer.address);
      expect(p.client.stats().queuedBytes).toBe(0);
      expect(p.client.stats().pending).toBe(0);
    }
    // 200 KB of zeros pack to about 25 KB: under the 0.7.0 limit, as on the byte path.
    const zeros = new Uint8Array(200_000);
    expect([...(await echo(p, zeros)).data]).toEqual([0, 0, 0]);
    expect([...(await echo(p, Uint8Array.of(1, 2, 3, 4))).data]).toEqual([1, 2, 3]);
  });

  it("rejects a response that does not decode with a DecodeError", async () => {
    const p = await setup(wire, (req) => ({ data: req.data }));
    await expect(callMethod(p.client, p.peer, garbledMethod, { data: Uint8Array.of(1) })).rejects.toBeInstanceOf(DecodeError);
    expect([...(await echo(p, Uint8Array.of(8))).data]).toEqual([8]);
  });

  it("serves async implementations; throwing, rejecting and unencodable answers are logged and not sent", async () => {
    const p = await setup(wire, (req) => {
      const mode = req.data[0];
      if (mode === 1) return Promise.resolve({ data: Uint8Array.of(1, 1) });
      if (mode === 2) throw new RangeError("sync boom");
      if (mode === 3) return Promise.reject(new RangeError("async boom"));
      if (mode === 4) return { data: "nope" } as unknown as Blob;
      if (mode === 5) return undefined;
      return { data: req.data };
    });
    expect([...(await echo(p, Uint8Array.of(1))).data]).toEqual([1, 1]);
    for (const mode of [2, 3, 4, 5]) {
      const error = await echo(p, Uint8Array.of(mode), 80).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as ClusterError).code).toBe("timeout");
    }
    const failures = p.serverLog.lines.filter((l) => l.level === "error");
    expect(failures.map((l) => l.message)).toEqual(Array(4).fill("handler failed, no response sent"));
    expect(failures.every((l) => l.fields?.["cmd"] === 0x21 && /^[0-9a-f]{16}$/.test(String(l.fields?.["traceId"])))).toBe(true);
    expect([...(await echo(p, Uint8Array.of(9, 9))).data]).toEqual([9, 9]);
  });

  it("delivers one-way messages to typed handlers", async () => {
    const p = await setup(wire, (req) => ({ data: req.data }));
    await sendMethod(p.client, p.peer, service.methods.note, { data: Uint8Array.of(7, 0, 7) });
    await waitFor(() => p.notes.length === 1, 2000, "note delivered");
    expect([...p.notes[0]!]).toEqual([7, 0, 7]);
  });

  it("gives a typed handler the request's context, and a body view when it asks for the raw body", async () => {
    let seen: CallContext | undefined;
    const p = await setup(wire, (req, ctx) => {
      seen = ctx;
      return { data: req.data };
    });
    await echo(p, Uint8Array.of(3));
    expect(seen?.cmd).toBe(0x21);
    expect(seen?.peer).toBe(p.server.peers()[0]);
    expect(typeof seen?.traceId).toBe("bigint");
  });

  it("rejects calls in flight with closed when the server goes away", async () => {
    const p = await setup(wire, () => new Promise<Blob>(() => undefined));
    // Outcomes are taken at once: the calls reject while shutdown() still waits for its flush.
    const outcomes = [echo(p, Uint8Array.of(1)), echo(p, Uint8Array.of(2))].map((call) =>
      call.then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    await waitFor(() => p.server.stats().connections === 1, 2000, "server connection");
    await p.server.shutdown();
    for (const error of await Promise.all(outcomes)) expect((error as ClusterError).code).toBe("closed");
  });
});
