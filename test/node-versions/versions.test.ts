/**
 * What differs between the supported Node.js lines, on each of them. A probe child
 * (fixtures/probe.ts) runs on every runtime pinned in `.ci/node-versions` (20, 22, 24, 26),
 * provokes the failures whose shape Node may change — a refused and a reset socket, TLS
 * verification failures and alerts, abort and timeout reasons — through Node's APIs and through
 * clusterc's, turns on the compile cache of `clusterc gen`, and reports what it saw.
 *
 * Found different (in these pins): the OpenSSL inside Node (3.0 on 20, 3.5 from 22), hence the
 * code and text of a TLS 1.2 handshake-failure alert (`ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE` on
 * 20, `ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE` from 22) and the OpenSSL detail in TLS error
 * messages; the compile cache of `clusterc gen` (clusterc's own on 20, Node's
 * `module.enableCompileCache` from 22.8). Found the same, and held to it: ECONNREFUSED and
 * ECONNRESET, the TLS verification codes, the TLS 1.3 certificate-required alert,
 * `AbortSignal.timeout()`'s TimeoutError and `abort()`'s AbortError, and the clusterc error codes
 * all of these become.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTestCertificates } from "../reliability/support/certs.ts";
import { nodeRuntime, pinnedLines, REPO_ROOT } from "./runtimes.ts";

const PROBE = fileURLToPath(new URL("fixtures/probe.ts", import.meta.url));
/** Time to fetch a missing runtime (`.ci/node.sh` bounds npm to 300 s), then run the probe. */
const SETUP_TIMEOUT = 400_000;
const ROWS = pinnedLines().map((pin) => [`${pin.line} (v${pin.version})`, pin] as const);

interface Shape {
  readonly name?: string;
  readonly code?: unknown;
  readonly syscall?: unknown;
  readonly message?: string;
  readonly cause?: Shape;
}
interface Probe {
  readonly version: string;
  readonly openssl: string;
  readonly [key: string]: unknown;
}

const work = mkdtempSync(join(tmpdir(), "clusterc-versions-"));
const certsFile = join(work, "certs.json");
beforeAll(() => writeFileSync(certsFile, JSON.stringify(generateTestCertificates())));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** OpenSSL 3.2 renamed the "sslv3 alert …" reasons "ssl/tls alert …", and Node's codes with them. */
function handshakeFailureCode(openssl: string): string {
  const [major = 0, minor = 0] = openssl.split(".").map(Number);
  return major > 3 || (major === 3 && minor >= 2) ? "ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE" : "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE";
}

describe.each(ROWS)("on Node %s", (_title, { line, version }) => {
  let probe: Probe;
  const seen = (key: string): Shape => probe[key] as Shape;

  beforeAll(() => {
    const runtime = nodeRuntime(line);
    const out = execFileSync(runtime.bin, ["--import", "tsx", PROBE, certsFile], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
    probe = JSON.parse(out) as Probe;
  }, SETUP_TIMEOUT);

  it("ran on the pinned binary, with the OpenSSL of its line (3.0 on Node 20, 3.5 or later from 22)", () => {
    expect(probe.version).toBe(`v${version}`);
    expect(probe.openssl).toMatch(line === 20 ? /^3\.0\./ : /^3\.([5-9]|\d\d)\./);
  });

  it("a refused connection: ECONNREFUSED from connect, by IP and by name; clusterc's connect-failed names it", () => {
    for (const key of ["refused", "refusedLocalhost"]) {
      expect(seen(key)).toMatchObject({ name: "Error", code: "ECONNREFUSED", syscall: "connect" });
      expect(seen(key).message).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    }
    for (const key of ["clustercRefused", "clustercRefusedLocalhost"]) {
      expect(seen(key)).toMatchObject({ name: "ClusterError", code: "connect-failed", cause: { code: "ECONNREFUSED" } });
      expect(seen(key).message).toMatch(/^connect to (127\.0\.0\.1|localhost):\d+ failed: connect ECONNREFUSED /);
    }
  });

  it("a connection reset by the peer: ECONNRESET from read; clusterc's call fails with closed, naming it, the socket error as cause", () => {
    const reset = { name: "Error", code: "ECONNRESET", syscall: "read", message: "read ECONNRESET" };
    expect(seen("reset")).toEqual(reset);
    expect(seen("clustercReset")).toEqual({
      name: "ClusterError",
      code: "closed",
      message: "connection lost: socket error: read ECONNRESET",
      cause: reset,
    });
  });

  it("abort reasons: AbortSignal.timeout() gives a TimeoutError, abort() an AbortError; clusterc's aborted keeps the reason as its cause", () => {
    const timeoutReason = { name: "TimeoutError", code: 23, message: "The operation was aborted due to timeout" };
    const abortReason = { name: "AbortError", code: 20, message: "This operation was aborted" };
    expect(seen("abortSignalTimeout")).toEqual(timeoutReason);
    expect(seen("abortDefault")).toEqual(abortReason);
    expect(seen("abortAny")).toEqual({ name: "Error", message: "first" });
    expect(seen("timersPromiseAborted")).toEqual({
      name: "AbortError",
      code: "ABORT_ERR",
      message: "The operation was aborted",
      cause: timeoutReason,
    });
    expect(seen("clustercSignalTimeout")).toEqual({ name: "ClusterError", code: "aborted", message: "call aborted", cause: timeoutReason });
    expect(seen("clustercSignalAbort")).toEqual({ name: "ClusterError", code: "aborted", message: "call aborted", cause: abortReason });
    // ClusterError.from maps an AbortError to aborted; any other reason, a TimeoutError included, to the fallback.
    expect(seen("clustercFromAbortReason")).toMatchObject({ code: "aborted", cause: abortReason });
    expect(seen("clustercFromTimeoutReason")).toMatchObject({ code: "internal", cause: timeoutReason });
  });

  it("TLS verification failures: the same codes; clusterc's connect-failed names them", () => {
    expect(seen("tlsUntrustedServer")).toEqual({
      name: "Error",
      code: "SELF_SIGNED_CERT_IN_CHAIN",
      message: "self-signed certificate in certificate chain",
    });
    expect(seen("tlsWrongHost")).toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
    expect(seen("clustercTlsUntrusted")).toMatchObject({ code: "connect-failed", cause: { code: "SELF_SIGNED_CERT_IN_CHAIN" } });
    expect(seen("clustercTlsUntrusted").message).toMatch(
      /^TLS connect to 127\.0\.0\.1:\d+ failed: self-signed certificate in certificate chain$/,
    );
  });

  it("TLS 1.3 mutual TLS without a client certificate: the same alert codes; clusterc's call fails with refused, naming the alert", () => {
    const noCert = probe["tlsNoClientCert"] as { client: Shape; server: Shape };
    expect(noCert.client.code).toBe("ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED");
    expect(noCert.server.code).toBe("ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE");
    // A client certificate from another CA: the server refuses it after the client has finished.
    expect((probe["tlsRogueClientCert"] as { client: Shape }).client).toEqual({ name: "closed", message: "" });
    // The message names the alert, then carries OpenSSL's own text, whose source locations change with every OpenSSL.
    expect(seen("clustercTlsNoClientCert")).toMatchObject({
      name: "ClusterError",
      code: "refused",
      cause: { code: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED" },
    });
    expect(seen("clustercTlsNoClientCert").message).toMatch(
      /^connection lost: the server refused this node with TLS alert: certificate required \(116\) \(this node sent no certificate\); .*tlsv13 alert certificate required.*SSL alert number 116/s,
    );
  });

  it(`TLS 1.2 handshake-failure alert: ${line === 20 ? "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE (OpenSSL 3.0)" : "ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE (OpenSSL 3.2+)"}; clusterc's connect-failed either way`, () => {
    const code = handshakeFailureCode(probe.openssl);
    expect(code).toBe(line === 20 ? "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE" : "ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE");
    const text = line === 20 ? "sslv3 alert handshake failure" : "ssl/tls alert handshake failure";
    const noCert = probe["tls12NoClientCert"] as { client: Shape; server: Shape };
    expect(noCert.client.code).toBe(code);
    expect(noCert.client.message).toContain(text);
    expect(noCert.server.code).toBe("ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE");
    const failed = seen("clustercTls12NoClientCert");
    expect(failed).toMatchObject({ name: "ClusterError", code: "connect-failed", cause: { code } });
    expect(failed.message).toContain(text);
  });

  it(`the compile cache of clusterc gen: ${line === 20 ? "clusterc's own (the CommonJS compile step, wrapped)" : "Node's module.enableCompileCache"}`, () => {
    const cache = probe["compileCache"] as { exported: unknown; mode: string; misses: number };
    expect(cache.exported).toEqual({ value: 42 });
    expect(cache.mode).toBe(line === 20 ? "wrapped" : "node");
    // On Node 20 the wrapper compiled the file itself (a miss, on an empty cache); Node's cache keeps no count here.
    expect(cache.misses).toBe(line === 20 ? 1 : 0);
  });
});
