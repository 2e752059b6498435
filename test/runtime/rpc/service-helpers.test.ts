/**
 * `createServiceClient` and `serveService`, the runtime side of generated `createXClient`
 * and `serveX`, over real sockets: every method of the descriptor becomes a client function
 * (a call, or a send for one-way methods), handlers run with the implementation as `this`,
 * and a missing implementation is refused at registration with nothing left registered.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  createCluster,
  createServiceClient,
  defineService,
  listenerAddress,
  serveService,
  type CallContext,
  type ClusterNode,
} from "../../../runtime/index.ts";
import { createBlobCodec, type Blob } from "../fixtures/blob-codec.ts";
import { createMemoryLogger, waitFor } from "../helpers.ts";

const Echo = createBlobCodec("echo", 0x41);
const Reply = createBlobCodec("reply", 0x42);
const Note = createBlobCodec("note", 0x43);

const service = defineService({
  name: "blobs",
  methods: {
    echo: { name: "echo", cmd: 0x41, request: Echo, response: Reply },
    note: { name: "note", cmd: 0x43, request: Note },
  },
});

/** A class-based implementation: its methods use `this`. */
class Store {
  readonly notes: number[][] = [];
  private readonly prefix = 9;

  echo(request: Blob, _ctx: CallContext): Blob {
    return { data: Uint8Array.of(this.prefix, ...request.data) };
  }

  note(request: Blob): void {
    this.notes.push([...request.data]);
  }
}

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("service helpers over %s", (wire) => {
  it("serve a class instance (methods see `this`) to a client made from the descriptor", async () => {
    const server = createCluster({ wire, logger: createMemoryLogger() });
    const client = createCluster({ wire, logger: createMemoryLogger() });
    nodes.push(server, client);
    const store = new Store();
    serveService(server, service, store);
    const peer = await client.connect(listenerAddress(await server.listen("127.0.0.1:0")));
    const blobs = createServiceClient(client, peer, service);

    expect(Object.keys(blobs).sort()).toEqual(["echo", "note"]);
    const reply = await blobs.echo({ data: Uint8Array.of(1, 2) });
    expect([...reply.data]).toEqual([9, 1, 2]);
    await expect(blobs.note({ data: Uint8Array.of(7) })).resolves.toBeUndefined();
    await waitFor(() => store.notes.length === 1);
    expect(store.notes).toEqual([[7]]);
  });

  it("refuses an implementation that lacks a method, and registers nothing", async () => {
    const server = createCluster({ wire, logger: createMemoryLogger() });
    nodes.push(server);
    const partial = { echo: (request: Blob) => request } as unknown as Store;
    expect(() => serveService(server, service, partial)).toThrow(new TypeError("service 'blobs': no implementation for method 'note'"));
    // Nothing was registered: the full implementation can still be served.
    expect(() => serveService(server, service, new Store())).not.toThrow();
  });

  it("keys implementations and client functions by the descriptor's keys, even when a method's name differs", async () => {
    const renamed = defineService({ name: "renamed", methods: { plus: { name: "echo_v2", cmd: 0x44, request: Echo, response: Reply } } });
    const server = createCluster({ wire, logger: createMemoryLogger() });
    const client = createCluster({ wire, logger: createMemoryLogger() });
    nodes.push(server, client);
    serveService(server, renamed, { plus: (request: Blob) => ({ data: Uint8Array.of(...request.data, 1) }) });
    const peer = await client.connect(listenerAddress(await server.listen("127.0.0.1:0")));
    const stub = createServiceClient(client, peer, renamed);
    expect(Object.keys(stub)).toEqual(["plus"]);
    expect([...(await stub.plus({ data: Uint8Array.of(5) })).data]).toEqual([5, 1]);
  });

  it("unregisters every method with the returned function", async () => {
    const server = createCluster({ wire, logger: createMemoryLogger() });
    nodes.push(server);
    const stop = serveService(server, service, new Store());
    expect(() => serveService(server, service, new Store())).toThrow(/0x41|already/);
    stop();
    expect(() => serveService(server, service, new Store())).not.toThrow();
  });
});
