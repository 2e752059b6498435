/**
 * Per-call options are validated like the node's options (issue 13.4): a `{ timeout: -1 }` or
 * `{ timeout: NaN }` once left a call that never settled. Every call path rejects bad options
 * with `invalid-argument` and sends nothing: callRaw, call (marshal), the typed fast path
 * (connected peer) and its slow path (peer not connected yet), callMethod and generated-style
 * clients.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { callEncoded } from "../../../runtime/node/encoded-call.ts";
import { createCluster, listenerAddress } from "../../../runtime/node/cluster.ts";
import { isClusterError } from "../../../runtime/core/errors.ts";
import type { WireVersion } from "../../../runtime/wire/frames.ts";
import type { ClusterOptions } from "../../../runtime/node/cluster-options.ts";
import { callMethod, createServiceClient } from "../../../runtime/rpc/client.ts";
import { defineService } from "../../../runtime/call/descriptor.ts";
import type { CallOptions } from "../../../runtime/call/options.ts";
import type { ClusterNode } from "../../../runtime/node/cluster-node.ts";
import type { Listener } from "../../../runtime/connection/listener.ts";
import type { Peer } from "../../../runtime/connection/peer.ts";
import { createBlobCodec } from "../fixtures/blob-codec.ts";
import { createMemoryLogger } from "../helpers.ts";

const Echo = createBlobCodec("echo", 0x41);
const Reply = createBlobCodec("reply", 0x42);
const service = defineService({
  name: "echoes",
  methods: { echo: { name: "echo", cmd: 0x41, request: Echo, response: Reply } },
});

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

function node(options: ClusterOptions = {}): ClusterNode {
  const n = createCluster({ logger: createMemoryLogger(), ...options });
  nodes.push(n);
  return n;
}

interface Setup {
  readonly client: ClusterNode;
  readonly peer: Peer;
  readonly listener: Listener;
  /** Requests the server has seen. */
  readonly seen: () => number;
}

async function setup(wire: WireVersion, client: ClusterOptions = {}): Promise<Setup> {
  let seen = 0;
  const server = node({ wire });
  server.handle(1, (body) => {
    seen++;
    return body;
  });
  server.handle(0x41, (body) => {
    seen++;
    return Reply.encodePacked(Echo.decodePacked(body));
  });
  const listener = await server.listen("127.0.0.1:0");
  const c = node({ wire, ...client });
  const peer = await c.connect(listenerAddress(listener));
  return { client: c, peer, listener, seen: () => seen };
}

/** The code a promise rejects with, "resolved", or "pending" when it has not settled within 5 s (the defect). */
function outcome(p: Promise<unknown>): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("pending"), 5000);
    p.then(
      () => {
        clearTimeout(timer);
        resolve("resolved");
      },
      (e: unknown) => {
        clearTimeout(timer);
        resolve(isClusterError(e) ? e.code : `other: ${String(e)}`);
      },
    );
  });
}

/** Per-call options that must be refused, and why. */
const BAD: ReadonlyArray<readonly [string, unknown]> = [
  ["timeout -1", { timeout: -1 }],
  ["timeout NaN", { timeout: Number.NaN }],
  ["timeout -Infinity", { timeout: Number.NEGATIVE_INFINITY }],
  ["timeout -0.5", { timeout: -0.5 }],
  ["timeout as a string", { timeout: "100" }],
  ["timeout as a bigint", { timeout: 100n }],
  ["timeout as an object", { timeout: {} }],
  ["signal not an AbortSignal", { signal: { aborted: false } }],
  ["signal as a string", { signal: "abort" }],
  ["options not an object", 5],
];

type Path = (s: Setup, opts: unknown) => Promise<unknown>;

const blob = { data: Uint8Array.of(1, 2, 3) };
const PATHS: ReadonlyArray<readonly [string, Path]> = [
  ["callRaw", (s, opts) => s.client.callRaw(s.peer, 1, Uint8Array.of(1), opts as CallOptions)],
  ["callEncoded (typed fast path)", (s, opts) => callEncoded(s.client, s.peer, 0x41, Echo, blob, Reply, opts as CallOptions)],
  ["callMethod", (s, opts) => callMethod(s.client, s.peer, service.methods.echo, blob, opts as CallOptions)],
  ["generated-style client", (s, opts) => createServiceClient(s.client, s.peer, service).echo(blob, opts as CallOptions)],
];

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("per-call options (%s)", (wire) => {
  it.each(PATHS)("%s rejects bad options with invalid-argument and sends nothing", async (_name, path) => {
    const s = await setup(wire);
    for (const [what, opts] of BAD) {
      expect(await outcome(path(s, opts)), what).toBe("invalid-argument");
    }
    expect(s.client.stats().pending).toBe(0);
    expect(s.client.stats().queuedBytes).toBe(0);
    // Valid options still work on the same path (and are the only requests the server saw).
    const ac = new AbortController();
    for (const opts of [undefined, {}, { timeout: 0 }, { timeout: Number.POSITIVE_INFINITY }, { timeout: 2000, signal: ac.signal }]) {
      expect(await outcome(path(s, opts)), JSON.stringify(opts)).toBe("resolved");
    }
    expect(s.seen()).toBe(5);
  });

  it.each(PATHS)("%s on a lazy peer rejects bad options without connecting", async (_name, path) => {
    const s = await setup(wire);
    const lazy = node({ wire, connectMode: "lazy" });
    const peer = await lazy.connect(listenerAddress(s.listener));
    const connections = s.listener.connections;
    for (const [what, opts] of BAD) {
      expect(await outcome(path({ ...s, client: lazy, peer }, opts)), what).toBe("invalid-argument");
    }
    expect(peer.connected).toBe(false);
    expect(s.listener.connections).toBe(connections);
    expect(await outcome(path({ ...s, client: lazy, peer }, { timeout: 2000 }))).toBe("resolved");
  });

  it("call (through marshal) rejects bad options with invalid-argument", async () => {
    const s = await setup(wire, {
      marshal: (_type, cmd, body) => [cmd as number, body as Uint8Array],
      unmarshal: (_type, _cmd, bytes) => bytes,
    });
    for (const [what, opts] of BAD) {
      expect(await outcome(s.client.call(s.peer, 1, Uint8Array.of(1), opts as CallOptions)), what).toBe("invalid-argument");
    }
    expect(await outcome(s.client.call(s.peer, 1, Uint8Array.of(1), { timeout: 1000 }))).toBe("resolved");
    expect(s.seen()).toBe(1);
  });
});

describe("per-call timeout validation matches the node-level timeout option", () => {
  it("accepts exactly the values createCluster accepts as timeout", async () => {
    const s = await setup("silly-0.7.1");
    const nodeAccepts = (value: unknown): boolean => {
      try {
        void createCluster({ timeout: value as number, logger: createMemoryLogger() }).shutdown();
        return true;
      } catch (error) {
        if (isClusterError(error, "invalid-argument")) return false;
        throw error;
      }
    };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.double(), fc.integer({ min: -10, max: 10 }), fc.constantFrom(Number.NaN, Infinity, -Infinity, -0), fc.string()),
        async (value) => {
          // Accepted timeouts are made huge-but-valid for the call itself: the server answers at once anyway.
          const got = await outcome(s.client.callRaw(s.peer, 1, Uint8Array.of(1), { timeout: value as number }));
          expect(got === "invalid-argument").toBe(!nodeAccepts(value));
          if (got !== "invalid-argument") expect(["resolved", "timeout"]).toContain(got);
        },
      ),
      { numRuns: 60 },
    );
  });
});
