/**
 * TLS transport: listen/connect with certificates generated in the test, mutual TLS, admission by
 * certificate through the `accept` hook, and peers that must never get a frame dispatched.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as net from "node:net";
import type { TLSSocket } from "node:tls";
import {
  createCluster,
  createFramer,
  createTlsTransport,
  isClusterError,
  listenerAddress,
  type ClusterNode,
  type ClusterOptions,
  type TlsTransportOptions,
} from "../../runtime/index.ts";
import { createMemoryLogger, waitFor } from "../runtime/helpers.ts";
import { generateTestCertificates, hasOpenssl, type TestCertificates } from "./support/certs.ts";

const nodes: ClusterNode[] = [];
let certs: TestCertificates;

beforeAll(() => {
  if (hasOpenssl()) certs = generateTestCertificates();
});
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});
afterAll(() => undefined);

function node(options: ClusterOptions): ClusterNode {
  const n = createCluster({ logger: createMemoryLogger(), ...options });
  nodes.push(n);
  return n;
}

async function tlsServer(tls: TlsTransportOptions, extra: ClusterOptions = {}) {
  const handled: string[] = [];
  const server = node({ transport: createTlsTransport(tls), ...extra });
  server.handle(1, (body, ctx) => {
    const socket = ctx.peer.socket as TLSSocket;
    handled.push(socket.encrypted ? "encrypted" : "plain");
    return body;
  });
  const listener = await server.listen("127.0.0.1:0");
  return { server, listener, handled, address: listenerAddress(listener) };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isClusterError(error) ? error.code : "non-cluster-error";
  }
  return "resolved";
}

describe.skipIf(!hasOpenssl())("TLS transport", () => {
  it.each(["silly-0.7.0", "silly-0.7.1"] as const)("calls over TLS (%s)", async (wire) => {
    const { address, handled } = await tlsServer({ ...certs.server }, { wire });
    const client = node({ wire, transport: createTlsTransport({ ca: certs.ca }) });
    const peer = await client.connect(address);
    expect((peer.socket as TLSSocket).encrypted).toBe(true);
    const bodies = Array.from({ length: 200 }, (_, i) => Buffer.from(`hello ${i}`));
    const replies = await Promise.all(bodies.map((b) => client.callRaw(peer, 1, b)));
    expect(replies.map((r) => Buffer.from(r).toString())).toEqual(bodies.map((b) => b.toString()));
    expect(handled.every((h) => h === "encrypted")).toBe(true);
  });

  it("refuses a server whose certificate is not trusted (connect-failed)", async () => {
    const { address } = await tlsServer({ ...certs.server });
    const client = node({ transport: createTlsTransport({}) });
    expect(await failure(client.connect(address))).toBe("connect-failed");
    const wrongName = node({ transport: createTlsTransport({ ca: certs.ca, servername: "elsewhere.example" }) });
    expect(await failure(wrongName.connect(address))).toBe("connect-failed");
  });

  it("never dispatches frames of a plaintext peer on a TLS listener", async () => {
    const { listener, handled } = await tlsServer({ ...certs.server });
    const socket = net.connect(listener.address.port, "127.0.0.1");
    socket.on("error", () => {});
    const frame = createFramer({ wire: "silly-0.7.0" }).encodeRequest({ session: 1, cmd: 1, traceId: 0n, body: Buffer.from("x") });
    socket.write(frame);
    await new Promise<void>((resolve) => socket.once("close", () => resolve()));
    expect(handled).toEqual([]);
    expect(listener.connections).toBe(0);
  });

  it("drops a connection that never finishes the handshake (handshakeTimeout)", async () => {
    const { listener } = await tlsServer({ ...certs.server, handshakeTimeout: 200 });
    const socket = net.connect(listener.address.port, "127.0.0.1");
    socket.on("error", () => {});
    const start = Date.now();
    await new Promise<void>((resolve) => socket.once("close", () => resolve()));
    expect(Date.now() - start).toBeLessThan(5000);
  });

  describe("mutual TLS", () => {
    const mtls = (): TlsTransportOptions => ({ ...certs.server, ca: certs.ca, requestCert: true, rejectUnauthorized: true });

    it("admits a client with a certificate from the CA", async () => {
      const { address, handled } = await tlsServer(mtls());
      const client = node({ transport: createTlsTransport({ ca: certs.ca, ...certs.nodeA }) });
      const peer = await client.connect(address);
      expect(Buffer.from(await client.callRaw(peer, 1, Buffer.from("mtls"))).toString()).toBe("mtls");
      expect(handled).toEqual(["encrypted"]);
    });

    it.each(["no certificate", "a certificate from another CA"] as const)("refuses a client with %s", async (kind) => {
      const { address, handled, listener } = await tlsServer(mtls());
      const own = kind === "no certificate" ? {} : certs.rogue;
      const client = node({ transport: createTlsTransport({ ca: certs.ca, ...own }), timeout: 2000 });
      // TLS 1.3 finishes the client side before the server checks the client certificate, so the
      // refusal shows either as a failed connect, or as the connection ending under the call:
      // `refused` when the server sent an alert, `closed` when it only closed the connection.
      const code = await failure(client.connect(address).then((peer) => client.callRaw(peer, 1, Buffer.from("x"))));
      expect(["connect-failed", "closed", "refused"]).toContain(code);
      expect(handled).toEqual([]);
      expect(listener.connections).toBe(0);
    });

    it.each([
      ["a self-signed certificate", "selfSigned", /self-signed/],
      ["an expired certificate", "expired", /expired/],
      ["no certificate", "none", /certificate required/],
    ] as const)("tells a client refused for %s why (issue 23)", async (_kind, which, why) => {
      const { address, handled } = await tlsServer(mtls());
      const own = which === "none" ? {} : certs[which];
      const client = node({ transport: createTlsTransport({ ca: certs.ca, ...own }), timeout: 2000 });
      let error: unknown;
      try {
        const peer = await client.connect(address);
        await client.callRaw(peer, 1, Buffer.from("x"));
      } catch (e) {
        error = e;
      }
      // Not a bare "remote closed": the alert the server sent, or what the client knows of its certificate.
      expect(isClusterError(error)).toBe(true);
      expect((error as Error).message).toMatch(why);
      expect((error as Error).message).not.toMatch(/remote closed/);
      expect(handled).toEqual([]);
    });

    it("admits peers by certificate through the accept hook; a refused peer's frames are never dispatched", async () => {
      const seen: string[] = [];
      const reasons: string[] = [];
      const { address, handled } = await tlsServer(mtls(), {
        accept: (peer) => {
          const cn = (peer.socket as TLSSocket).getPeerCertificate().subject.CN;
          seen.push(String(cn));
          return cn === "node-a";
        },
        close: (_peer, reason) => reasons.push(reason),
      });
      const a = node({ transport: createTlsTransport({ ca: certs.ca, ...certs.nodeA }) });
      const b = node({ transport: createTlsTransport({ ca: certs.ca, ...certs.nodeB }), timeout: 2000 });
      const peerA = await a.connect(address);
      const codeB = await failure(b.connect(address).then((peer) => b.callRaw(peer, 1, Buffer.from("from b"))));
      expect(["closed", "connect-failed"]).toContain(codeB);
      expect(Buffer.from(await a.callRaw(peerA, 1, Buffer.from("from a"))).toString()).toBe("from a");
      await waitFor(() => reasons.some((r) => /refused/.test(r)));
      expect(seen.sort()).toEqual(["node-a", "node-b"]);
      expect(handled).toEqual(["encrypted"]);
    });
  });

  it("rejects a listener without key material (invalid-argument)", async () => {
    const n = node({ transport: createTlsTransport({ ca: certs.ca }) });
    expect(await failure(n.listen("127.0.0.1:0"))).toBe("invalid-argument");
    expect(() => createTlsTransport({ handshakeTimeout: 0 })).toThrow(/handshakeTimeout/);
  });
});
