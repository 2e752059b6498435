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

/**
 * Parses "127.0.0.1:8080", "[::1]:0" or "name:port"; throws `invalid-argument` otherwise, with a
 * message that says what is wrong (no port, a port that is not a number or out of 0..65535, an
 * IPv6 host without brackets, no host).
 */
export function parseAddress(addr: string): HostPort {
  if (typeof addr !== "string") throw badAddress(String(addr), `an address is a string, got ${typeof addr}`);
  let host: string;
  let portText: string;
  if (addr.startsWith("[")) {
    const close = addr.indexOf("]");
    if (close < 0) throw badAddress(addr, `no "]" closes the IPv6 host`);
    if (addr[close + 1] !== ":") throw badAddress(addr, 'no port after the IPv6 host, e.g. "[::1]:7000"');
    host = addr.slice(1, close);
    portText = addr.slice(close + 2);
  } else {
    const colon = addr.lastIndexOf(":");
    if (colon < 0) throw badAddress(addr, 'no port, e.g. "127.0.0.1:7000"');
    host = addr.slice(0, colon);
    portText = addr.slice(colon + 1);
    if (host.includes(":")) throw badAddress(addr, `an IPv6 host needs brackets, e.g. "[${host}]:${portText}"`);
  }
  if (host.length === 0) throw badAddress(addr, "no host");
  if (portText.length === 0) throw badAddress(addr, "no port after the colon");
  if (!/^\d+$/.test(portText)) throw badAddress(addr, `port "${portText}" is not a number`);
  const port = Number(portText);
  if (port > 65535) throw badAddress(addr, `port ${portText} is out of range (0..65535)`);
  return { host, port };
}

/** Formats a host and port back into the address syntax (brackets for IPv6). */
export function formatAddress(address: HostPort): string {
  return address.host.includes(":") ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

function badAddress(addr: string, why: string): ClusterError {
  return new ClusterError("invalid-argument", `bad address "${addr}": ${why}; expected "host:port" or "[v6]:port"`);
}
