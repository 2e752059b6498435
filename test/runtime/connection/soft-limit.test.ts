/**
 * The soft size warning matches silly's (issue 13.3): silly 0.7.1 warns when a frame's `len`,
 * i.e. header + body without the length prefix (16 + body for a request, 4 + body for a
 * response), exceeds its softlimit (65535). A frame of exactly the limit does not warn; one byte
 * more does, on every path that writes frames: raw requests (sendRaw, callRaw), typed requests
 * packed in place, raw responses and typed responses packed in place.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createCluster, listenerAddress } from "../../../runtime/node/cluster.ts";
import type { WireVersion } from "../../../runtime/wire/frames.ts";
import type { ClusterOptions } from "../../../runtime/node/cluster-options.ts";
import { callMethod } from "../../../runtime/rpc/client.ts";
import { defineService } from "../../../runtime/call/descriptor.ts";
import { serveMethods } from "../../../runtime/rpc/server.ts";
import type { ClusterNode } from "../../../runtime/node/cluster-node.ts";
import type { Peer } from "../../../runtime/connection/peer.ts";
import { createBlobCodec, type Blob } from "../fixtures/blob-codec.ts";
import { createMemoryLogger, waitFor, type LogLine } from "../helpers.ts";

const Sized = createBlobCodec("sized", 0x51);
const Filled = createBlobCodec("filled", 0x52);
const service = defineService({
  name: "sizes",
  methods: { fill: { name: "fill", cmd: 0x51, request: Sized, response: Filled } },
});

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

/**
 * A value of the blob codec whose packed body is exactly `size` bytes: non-zero data (a few
 * trailing zeros fill the packed sizes that whole segments skip), starting with `answer` as
 * u32 LE when given.
 */
function blobPackedTo(size: number, answer?: number): Blob {
  for (let n = size; n >= Math.max(8, size - 512); n--) {
    for (let zeros = 0; zeros < 4; zeros++) {
      const data = new Uint8Array(n).fill(7);
      if (answer !== undefined) Buffer.from(data.buffer).writeUInt32LE(answer, 0);
      data.fill(0, n - zeros);
      if (Sized.encodePacked({ data }).length === size) return { data };
    }
  }
  throw new Error(`no blob packs to exactly ${size} bytes`);
}

function sizeRequest(size: number, typed: boolean): Uint8Array {
  const b = Buffer.alloc(5);
  b.writeUInt32LE(size, 0);
  b[4] = typed ? 1 : 0;
  return b;
}

interface Setup {
  readonly client: ClusterNode;
  readonly peer: Peer;
  readonly clientLog: LogLine[];
  readonly serverLog: LogLine[];
  readonly received: number[];
}

/**
 * A server that records request body sizes (cmd 9, one-way), answers cmd 2 with a raw body of
 * the size asked for, and serves the typed method `fill` answering a value packed to that size.
 */
async function setup(wire: WireVersion, limits: ClusterOptions["limits"] = {}): Promise<Setup> {
  const serverLogger = createMemoryLogger();
  const clientLogger = createMemoryLogger();
  const server = createCluster({ wire, limits, logger: serverLogger });
  const client = createCluster({ wire, limits, logger: clientLogger });
  nodes.push(server, client);
  const received: number[] = [];
  server.handle(9, (body) => {
    received.push(body.length);
    return undefined;
  });
  server.handle(2, (body) => {
    received.push(body.length);
    return new Uint8Array(Buffer.from(body.buffer, body.byteOffset, body.length).readUInt32LE(0)).fill(3);
  });
  serveMethods(server, "sizes", Object.values(service.methods), {
    fill: ((req: Blob) => {
      received.push(Sized.encodePacked(req).length);
      const size = req.data.length >= 4 ? Buffer.from(req.data).readUInt32LE(0) : 0;
      return size > 0 ? blobPackedTo(size) : { data: new Uint8Array(0) };
    }) as never,
  });
  const listener = await server.listen("127.0.0.1:0");
  const peer = await client.connect(listenerAddress(listener));
  return { client, peer, clientLog: clientLogger.lines, serverLog: serverLogger.lines, received };
}

const warnings = (lines: LogLine[]): LogLine[] =>
  lines.filter((l) => l.level === "warn" && /^large (request|response) frame$/.test(l.message));

const cases: ReadonlyArray<readonly [WireVersion, number]> = [
  ["silly-0.7.1", 65535], // silly 0.7.1's default softlimit
  ["silly-0.7.0", 1000], // 0.7.0 frames cannot exceed 65535: a lower limit shows the same rule
];

describe.each(cases)("soft frame size warning over %s (limit %i)", (wire, soft) => {
  const limits = wire === "silly-0.7.0" ? { softFrameBytes: soft } : {};
  const maxRequestBody = soft - 16;
  const maxResponseBody = soft - 4;

  it("raw requests: header + body of exactly the limit do not warn, one byte more warns", async () => {
    const s = await setup(wire, limits);
    await s.client.sendRaw(s.peer, 9, new Uint8Array(maxRequestBody));
    await waitFor(() => s.received.length === 1);
    expect(warnings(s.clientLog)).toEqual([]);
    await s.client.sendRaw(s.peer, 9, new Uint8Array(maxRequestBody + 1));
    await waitFor(() => s.received.length === 2);
    await s.client.callRaw(s.peer, 2, Buffer.concat([sizeRequest(0, false), new Uint8Array(maxRequestBody + 1 - 5)]));
    const w = warnings(s.clientLog);
    expect(w.map((l) => l.message)).toEqual(["large request frame", "large request frame"]);
    expect(w[0]?.fields).toMatchObject({ bytes: soft + 1, body: maxRequestBody + 1, limit: soft });
    expect(s.received).toEqual([maxRequestBody, maxRequestBody + 1, maxRequestBody + 1]);
  });

  it("raw responses: header + body of exactly the limit do not warn, one byte more warns", async () => {
    const s = await setup(wire, limits);
    expect((await s.client.callRaw(s.peer, 2, sizeRequest(maxResponseBody, false))).length).toBe(maxResponseBody);
    expect(warnings(s.serverLog)).toEqual([]);
    expect((await s.client.callRaw(s.peer, 2, sizeRequest(maxResponseBody + 1, false))).length).toBe(maxResponseBody + 1);
    const w = warnings(s.serverLog);
    expect(w.map((l) => l.message)).toEqual(["large response frame"]);
    expect(w[0]?.fields).toMatchObject({ bytes: soft + 1, body: maxResponseBody + 1, limit: soft });
  });

  it("typed requests and responses (packed in place): the same threshold", async () => {
    const s = await setup(wire, limits);
    // Request exactly at the limit, answered by a response exactly at the limit.
    await callMethod(s.client, s.peer, service.methods.fill, blobPackedTo(maxRequestBody, maxResponseBody));
    expect(s.received).toEqual([maxRequestBody]);
    expect(warnings(s.clientLog)).toEqual([]);
    expect(warnings(s.serverLog)).toEqual([]);
    // One byte more each way.
    await callMethod(s.client, s.peer, service.methods.fill, blobPackedTo(maxRequestBody + 1, maxResponseBody + 1));
    expect(s.received).toEqual([maxRequestBody, maxRequestBody + 1]);
    expect(warnings(s.clientLog).map((l) => l.fields?.bytes)).toEqual([soft + 1]);
    expect(warnings(s.serverLog).map((l) => l.fields?.bytes)).toEqual([soft + 1]);
  });
});
