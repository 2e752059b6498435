/**
 * A call timeout longer than `setTimeout` can hold (2^31 ms, about 24.8 days) is honoured as a
 * long timeout, not fired after 1 ms: the first call on a lazy TLS peer waits for the TLS
 * handshake under the call's deadline (where a plain setTimeout of the timeout would overflow)
 * and must still get its answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterNode, createCluster, createTlsTransport, listenerAddress } from "../../../runtime/index.ts";
import { generateTestCertificates, hasOpenssl, type TestCertificates } from "../../reliability/support/certs.ts";

const nodes: ClusterNode[] = [];
let certs: TestCertificates | undefined;
let address = "";

beforeAll(async () => {
  if (!hasOpenssl()) return;
  certs = generateTestCertificates();
  const server = createCluster({ transport: createTlsTransport({ key: certs.server.key, cert: certs.server.cert }) });
  nodes.push(server);
  server.handle(7, (body) => body.map((b) => b * 2));
  address = listenerAddress(await server.listen("127.0.0.1:0"));
}, 60_000);
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.shutdown()));
});

describe("per-call timeouts beyond setTimeout's range", () => {
  for (const timeout of [2 ** 31, 3e9, 2 ** 40]) {
    it(`timeout ${timeout} covers a TLS handshake on a lazy peer`, async (context) => {
      if (certs === undefined) return context.skip("openssl is not available");
      const client = createCluster({ connectMode: "lazy", transport: createTlsTransport({ ca: certs.ca }) });
      nodes.push(client);
      const peer = await client.connect(address);
      const body = await client.callRaw(peer, 7, new Uint8Array([1, 2, 3]), { timeout });
      expect([...body]).toEqual([2, 4, 6]);
    });
  }
});
