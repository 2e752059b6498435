/**
 * Telling a TLS client why the server refused it. When the server sends a TLS alert, OpenSSL
 * reports it in the socket's error ("… SSL alert number 45"): the refusal names it ("certificate
 * expired"). A Node server — clusterc's included — sends no alert for a client certificate it
 * refuses under TLS 1.3: it checks the certificate after the handshake and closes the connection.
 * The client then sees the connection close before the first byte; what it can add is what it
 * knows of its own certificate (expired, not yet valid, self-signed, none sent).
 */
import { X509Certificate } from "node:crypto";
import type { Socket } from "node:net";

/** A certificate as a TLS transport takes it (PEM text or bytes, or a chain of them). */
type CertificateMaterial = string | Buffer | ReadonlyArray<string | Buffer>;

/** TLS alert descriptions (RFC 8446 §6) a refusal can carry. */
const ALERTS: Readonly<Record<number, string>> = {
  10: "unexpected message",
  20: "bad record MAC",
  40: "handshake failure",
  42: "bad certificate",
  43: "unsupported certificate",
  44: "certificate revoked",
  45: "certificate expired",
  46: "certificate unknown",
  47: "illegal parameter",
  48: "unknown CA",
  49: "access denied",
  50: "decode error",
  51: "decrypt error",
  70: "protocol version",
  71: "insufficient security",
  80: "internal error",
  86: "inappropriate fallback",
  109: "missing extension",
  110: "unsupported extension",
  112: "unrecognized name",
  113: "bad certificate status response",
  115: "unknown PSK identity",
  116: "certificate required",
  120: "no application protocol",
};

/** The TLS alert an error reports, e.g. `certificate expired (45)`; undefined when it reports none. */
export function tlsAlertOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const match = /SSL alert number (\d+)/.exec(error.message);
  if (match !== null) {
    const n = Number(match[1]);
    return `${ALERTS[n] ?? "alert"} (${n})`;
  }
  // e.g. ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED, ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    // OpenSSL 3.2 renamed "SSLV3" to "SSL/TLS" in these codes.
    const named = /^ERR_SSL_[A-Z0-9/]+_ALERT_([A-Z_]+)$/.exec(code);
    if (named !== null) return (named[1] as string).toLowerCase().replaceAll("_", " ");
  }
  return undefined;
}

/** What a client knows of the certificate it presents (from its transport's options). */
export type OwnCertificateHint = () => string;

/** A server that closes a new TLS connection within this many ms of the handshake, silently, is taken to have refused it. */
const REFUSAL_WINDOW_MS = 2000;

/** Client sockets of TLS transports: what their node knows of its own certificate, and when the handshake ended. */
const clientSockets = new WeakMap<Socket, { readonly hint: OwnCertificateHint; readonly at: number }>();

/** Registers a TLS client socket (done by the TLS transport when its handshake ends). */
export function markTlsClient(socket: Socket, hint: OwnCertificateHint): void {
  clientSockets.set(socket, { hint, at: performance.now() });
}

/** The first PEM certificate of `cert`, parsed; undefined when none is given or it does not parse. */
function firstCertificate(cert: CertificateMaterial | undefined): X509Certificate | undefined {
  const pem = typeof cert === "string" || Buffer.isBuffer(cert) ? cert : cert?.[0];
  if (pem === undefined) return undefined;
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

/** What a client with certificate `cert` (none when undefined) can say about it when refused. */
export function ownCertificateHint(cert: CertificateMaterial | undefined): OwnCertificateHint {
  const parsed = firstCertificate(cert);
  return () => {
    if (cert === undefined) return "this node sent no certificate";
    if (parsed === undefined) return "this node's certificate could not be read";
    const t = Date.now();
    if (Date.parse(parsed.validTo) < t) return `this node's certificate expired on ${new Date(parsed.validTo).toISOString()}`;
    if (Date.parse(parsed.validFrom) > t) return `this node's certificate is not valid before ${new Date(parsed.validFrom).toISOString()}`;
    if (parsed.issuer === parsed.subject && parsed.checkIssued(parsed)) return "this node's certificate is self-signed";
    return "this node's certificate looks valid to itself; the server may not trust its issuer, or admits no one by this name";
  };
}

/** The reason of a refusal by TLS alert: the alert, what the client knows of its certificate, and OpenSSL's own text. */
export function refusedBy(alert: string, hint: OwnCertificateHint, error: unknown): string {
  const text = error instanceof Error ? error.message.trim() : String(error);
  return `the server refused this node with TLS alert: ${alert} (${hint()}); ${text}`;
}

/** How a connection tells its calls that the server refused it. */
export interface TlsRefusal {
  /** `refused` when the server said so with an alert; `closed` when it only closed the connection. */
  readonly code: "refused" | "closed";
  /** The reason, naming the alert or what the client knows. */
  readonly reason: string;
}

/**
 * Why the server refused a TLS client connection, when that is what happened: `error` carries a
 * TLS alert, or (no error) the server closed it soon after the handshake without sending a byte
 * (`receivedAny` false). Undefined for other sockets and failures.
 */
export function tlsRefusalOf(socket: Socket, error: unknown, receivedAny: boolean): TlsRefusal | undefined {
  const client = clientSockets.get(socket);
  if (client === undefined) return undefined;
  const hint = client.hint;
  if (error !== undefined) {
    const alert = tlsAlertOf(error);
    return alert === undefined ? undefined : { code: "refused", reason: refusedBy(alert, hint, error) };
  }
  if (receivedAny || performance.now() - client.at > REFUSAL_WINDOW_MS) return undefined;
  return {
    code: "closed",
    reason: `the server closed the TLS connection before sending anything; it may have refused this node's certificate (${hint()})`,
  };
}
