/**
 * Parsing of "host:port" and "[v6]:port" addresses.
 */
import { ClusterError } from "./errors.ts";

/** A parsed network address. */
export interface HostPort {
  /** Host name or IP literal (IPv6 without brackets). */
  readonly host: string;
  /** TCP port, 0..65535. */
  readonly port: number;
}

/** Parses "127.0.0.1:8080", "[::1]:0" or "name:port"; throws `invalid-argument` otherwise. */
export function parseAddress(addr: string): HostPort {
  let host: string;
  let portText: string;
  if (addr.startsWith("[")) {
    const close = addr.indexOf("]");
    if (close < 0 || addr[close + 1] !== ":") throw badAddress(addr);
    host = addr.slice(1, close);
    portText = addr.slice(close + 2);
  } else {
    const colon = addr.lastIndexOf(":");
    if (colon <= 0) throw badAddress(addr);
    host = addr.slice(0, colon);
    portText = addr.slice(colon + 1);
    if (host.includes(":")) throw badAddress(addr);
  }
  if (host.length === 0 || !/^\d{1,5}$/.test(portText)) throw badAddress(addr);
  const port = Number(portText);
  if (port > 65535) throw badAddress(addr);
  return { host, port };
}

/** Formats a host and port back into the address syntax (brackets for IPv6). */
export function formatAddress(address: HostPort): string {
  return address.host.includes(":") ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

function badAddress(addr: string): ClusterError {
  return new ClusterError("invalid-argument", `bad address "${addr}": expected "host:port" or "[v6]:port"`);
}
