/**
 * Test certificates generated at run time with the `openssl` CLI (nothing is committed):
 * a CA, a server certificate for 127.0.0.1/localhost, two client certificates, a client
 * certificate from an unrelated ("rogue") CA, a self-signed one and an expired one.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A PEM key and certificate. */
export interface KeyPair {
  /** PEM private key. */
  readonly key: string;
  /** PEM certificate. */
  readonly cert: string;
}

/** Everything the TLS tests need. */
export interface TestCertificates {
  /** The trusted CA certificate (PEM). */
  readonly ca: string;
  /** Server certificate (CN=server, SAN IP:127.0.0.1, DNS:localhost). */
  readonly server: KeyPair;
  /** Client certificate CN=node-a, signed by the CA. */
  readonly nodeA: KeyPair;
  /** Client certificate CN=node-b, signed by the CA. */
  readonly nodeB: KeyPair;
  /** Client certificate CN=node-a signed by another CA. */
  readonly rogue: KeyPair;
  /** Self-signed client certificate CN=node-a. */
  readonly selfSigned: KeyPair;
  /** Client certificate CN=node-a signed by the CA, expired (its validity ends before it starts). */
  readonly expired: KeyPair;
}

/** True when the `openssl` CLI can be run. */
export function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function run(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
}

function makeCa(dir: string, name: string): void {
  run(dir, ["req", "-x509", ...EC, "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "2", "-subj", `/CN=${name}`]);
}

function makeLeaf(dir: string, options: { name: string; cn: string; ca: string; san?: string; days?: number }): KeyPair {
  const { name, cn, ca } = options;
  run(dir, ["req", ...EC, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`]);
  const ext = [`basicConstraints=CA:FALSE`, `extendedKeyUsage=serverAuth,clientAuth`];
  if (options.san !== undefined) ext.push(`subjectAltName=${options.san}`);
  writeFileSync(join(dir, `${name}.ext`), `${ext.join("\n")}\n`);
  run(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.crt`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-out",
    `${name}.crt`,
    "-days",
    String(options.days ?? 2),
    "-extfile",
    `${name}.ext`,
  ]);
  return { key: readFileSync(join(dir, `${name}.key`), "utf8"), cert: readFileSync(join(dir, `${name}.crt`), "utf8") };
}

function makeSelfSigned(dir: string, name: string, cn: string): KeyPair {
  run(dir, ["req", "-x509", ...EC, "-keyout", `${name}.key`, "-out", `${name}.crt`, "-days", "2", "-subj", `/CN=${cn}`]);
  return { key: readFileSync(join(dir, `${name}.key`), "utf8"), cert: readFileSync(join(dir, `${name}.crt`), "utf8") };
}

/** Generates a fresh set of certificates in a temporary directory (removed afterwards). */
export function generateTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "clusterc-tls-"));
  try {
    makeCa(dir, "test-ca");
    makeCa(dir, "rogue-ca");
    return {
      ca: readFileSync(join(dir, "test-ca.crt"), "utf8"),
      server: makeLeaf(dir, { name: "server", cn: "server", ca: "test-ca", san: "IP:127.0.0.1,DNS:localhost" }),
      nodeA: makeLeaf(dir, { name: "node-a", cn: "node-a", ca: "test-ca" }),
      nodeB: makeLeaf(dir, { name: "node-b", cn: "node-b", ca: "test-ca" }),
      rogue: makeLeaf(dir, { name: "rogue", cn: "node-a", ca: "rogue-ca" }),
      selfSigned: makeSelfSigned(dir, "self", "node-a"),
      // openssl 3.0 has no -not_after: -days -1 ends the validity a day before it starts.
      expired: makeLeaf(dir, { name: "expired", cn: "node-a", ca: "test-ca", days: -1 }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
