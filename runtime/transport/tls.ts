/**
 * The TLS transport (node:tls) for listen and connect, with an optional mutual-TLS mode.
 * Listeners hand the node a socket only once its handshake succeeded, so the `accept` hook sees
 * a `tls.TLSSocket` (`getPeerCertificate()`, `authorized`) and can admit peers by certificate.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { formatAddress } from "../core/address.ts";
import { ClusterError } from "../core/errors.ts";
import { wrapServer, type Transport, type TransportServer } from "./tcp.ts";
import { markTlsClient, ownCertificateHint, refusedBy, tlsAlertOf } from "./tls-refusal.ts";

/** Key material: PEM text or bytes, or a list of them. */
export type TlsMaterial = string | Buffer | ReadonlyArray<string | Buffer>;

/** Options for {@link createTlsTransport}. */
export interface TlsTransportOptions {
  /** This node's private key (PEM); required to listen, and to connect under mutual TLS. */
  readonly key?: TlsMaterial;
  /** This node's certificate chain (PEM). */
  readonly cert?: TlsMaterial;
  /** Trusted CA certificates (PEM); default Node's bundled roots. */
  readonly ca?: TlsMaterial;
  /** Listener: ask connecting peers for a certificate (mutual TLS); default false. */
  readonly requestCert?: boolean;
  /** Refuse peers whose certificate does not verify against `ca` (both sides); default true. */
  readonly rejectUnauthorized?: boolean;
  /** Connect: the name the server certificate must match (SNI); default the host when it is not an IP. */
  readonly servername?: string;
  /** Connect: replaces Node's host-name check of the server certificate. */
  readonly checkServerIdentity?: (host: string, cert: tls.PeerCertificate) => Error | undefined;
  /** Listener: drop connections that have not finished the handshake after this many ms; default 10000. */
  readonly handshakeTimeout?: number;
  /** Lowest protocol version; default "TLSv1.2". */
  readonly minVersion?: tls.SecureVersion;
}

function material(value: TlsMaterial | undefined): string | Buffer | Array<string | Buffer> | undefined {
  if (value === undefined || typeof value === "string" || Buffer.isBuffer(value)) return value;
  return [...value];
}

/** Creates a transport speaking TLS over TCP. Throws `invalid-argument` on unusable options. */
export function createTlsTransport(options: TlsTransportOptions): Transport {
  const handshakeTimeout = options.handshakeTimeout ?? 10000;
  if (!(handshakeTimeout > 0)) {
    throw new ClusterError("invalid-argument", `handshakeTimeout must be > 0, got ${String(handshakeTimeout)}`);
  }
  const common = {
    key: material(options.key),
    cert: material(options.cert),
    ca: material(options.ca),
    rejectUnauthorized: options.rejectUnauthorized ?? true,
    minVersion: options.minVersion ?? "TLSv1.2",
  };
  const hint = ownCertificateHint(options.cert);
  // Node calls it inside the socket's handshake callback: a throw from it refuses the server instead of escaping there.
  const userCheck = options.checkServerIdentity;
  const checkIdentity =
    userCheck === undefined
      ? undefined
      : (host: string, cert: tls.PeerCertificate): Error | undefined => {
          try {
            return userCheck(host, cert);
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        };
  return {
    listen(listenOptions, onSocket) {
      if (options.key === undefined || options.cert === undefined) {
        return Promise.reject(new ClusterError("invalid-argument", "a TLS listener needs key and cert"));
      }
      return new Promise<TransportServer>((resolve, reject) => {
        let server: tls.Server;
        try {
          server = tls.createServer({ ...common, requestCert: options.requestCert ?? false, handshakeTimeout });
        } catch (error) {
          reject(new ClusterError("invalid-argument", "unusable TLS key material", { cause: error }));
          return;
        }
        // Every open TCP socket of this listener. Closing a listener closes its accepted connections anyway;
        // this also reaches those still in their handshake, which the node does not know yet.
        const rawSockets = new Set<net.Socket>();
        server.on("connection", (raw: net.Socket) => {
          rawSockets.add(raw);
          raw.once("close", () => rawSockets.delete(raw));
        });
        server.on("secureConnection", (socket: tls.TLSSocket) => {
          socket.setNoDelay(true);
          onSocket(socket);
        });
        // A failed or timed-out handshake costs only that connection; Node leaves the socket open, so close it.
        server.on("tlsClientError", (_error: Error, socket: tls.TLSSocket) => socket.destroy());
        const onError = (error: Error): void => {
          reject(
            new ClusterError("listen-failed", `cannot listen on ${formatAddress(listenOptions)}: ${error.message}`, {
              cause: error,
            }),
          );
        };
        server.once("error", onError);
        // exclusive: a node:cluster worker gets its own listener (see transport.ts).
        server.listen({ host: listenOptions.host, port: listenOptions.port, backlog: listenOptions.backlog, exclusive: true }, () => {
          server.off("error", onError);
          server.on("error", () => {});
          const wrapped = wrapServer(server);
          resolve({
            address: () => wrapped.address(),
            close: () => {
              const closing = wrapped.close();
              for (const raw of rawSockets) raw.destroy();
              return closing;
            },
          });
        });
      });
    },
    connect(connectOptions) {
      return new Promise<net.Socket>((resolve, reject) => {
        const where = formatAddress(connectOptions);
        if (connectOptions.signal.aborted) {
          reject(new ClusterError("peer-closed", `connect to ${where} cancelled`, { peer: where }));
          return;
        }
        const host = connectOptions.host;
        const servername = options.servername ?? (net.isIP(host) === 0 ? host : undefined);
        let socket: tls.TLSSocket;
        try {
          socket = tls.connect({
            ...common,
            host,
            port: connectOptions.port,
            servername,
            ...(checkIdentity !== undefined ? { checkServerIdentity: checkIdentity } : {}),
          });
        } catch (error) {
          reject(new ClusterError("connect-failed", `TLS connect to ${where} failed`, { cause: error }));
          return;
        }
        let timer: NodeJS.Timeout | undefined;
        const finish = (error: ClusterError | null): void => {
          if (timer !== undefined) clearTimeout(timer);
          connectOptions.signal.removeEventListener("abort", onAbort);
          socket.off("error", onError);
          socket.off("secureConnect", onSecure);
          if (error === null) {
            socket.setNoDelay(true);
            // A refusal that comes after the handshake (TLS 1.3) is explained by the connection (tls-refusal.ts).
            markTlsClient(socket, hint);
            resolve(socket);
          } else {
            socket.on("error", () => {});
            socket.destroy();
            reject(error);
          }
        };
        const onSecure = (): void => finish(null);
        const onError = (error: Error): void => {
          const alert = tlsAlertOf(error);
          const why = alert === undefined ? error.message : refusedBy(alert, hint, error);
          finish(new ClusterError("connect-failed", `TLS connect to ${where} failed: ${why}`, { cause: error }));
        };
        const onAbort = (): void => finish(new ClusterError("peer-closed", `connect to ${where} cancelled`));
        const timeout = connectOptions.timeout;
        if (timeout > 0 && Number.isFinite(timeout)) {
          timer = setTimeout(
            () => finish(new ClusterError("connect-failed", `TLS connect to ${where} timed out after ${timeout} ms`)),
            timeout,
          );
        }
        connectOptions.signal.addEventListener("abort", onAbort, { once: true });
        socket.once("error", onError);
        socket.once("secureConnect", onSecure);
      });
    },
  };
}
