/**
 * The registry seam of service discovery: where nodes announce the services they serve and
 * where callers learn who serves what. Two implementations share this interface: the static
 * registry (a fixed list, plus in-process announcements; no dependency) and the etcd registry
 * (`@clusterc/runtime/etcd`, leases and a prefix watch on etcd v3).
 *
 * Key layout (etcd; the same names are used by every registry):
 *
 *     <prefix>services/<service>/<member id>  →  {"addr":"10.0.0.5:7001","wire":"silly-0.7.0","meta":{…}}
 *
 * The member id defaults to the advertised "host:port" (unique per listening socket).
 */
import { networkInterfaces } from "node:os";
import { formatAddress, parseAddress, type HostPort } from "../core/address.ts";
import { ClusterError } from "../core/errors.ts";
import type { WireVersion } from "../wire/framer.ts";
import type { Listener } from "../connection/listener.ts";

/** One node serving a service, as the registry holds it. */
export interface ServiceMember {
  /** Unique within the service: the last segment of its key (default: its "host:port"). */
  readonly id: string;
  /** "host:port" (or "[v6]:port") to connect to. */
  readonly addr: string;
  /** The wire version it speaks; absent means "whatever the caller speaks". */
  readonly wire?: WireVersion | undefined;
  /** Free-form data (zone, weight, version, …), passed through untouched. */
  readonly meta?: Readonly<Record<string, unknown>> | undefined;
}

/** A change of a service's member list. */
export interface MembershipEvent {
  /** `added`: a new member; `updated`: its value changed; `removed`: withdrawn, expired or deleted. */
  readonly type: "added" | "updated" | "removed";
  /** The service name. */
  readonly service: string;
  /** The member (for `removed`: as it was last seen). */
  readonly member: ServiceMember;
}

/** Options of {@link Registry.announce}. */
export interface AnnounceOptions {
  /**
   * What to publish instead of the listener's bound address: "host" (the listener's port is
   * kept) or "host:port". Default: the bound address, with a wildcard host (0.0.0.0, ::)
   * replaced by this machine's first non-internal IPv4 address (127.0.0.1 when it has none).
   */
  readonly advertise?: string;
  /** Member id (the last key segment; no "/"); default the advertised "host:port". */
  readonly id?: string;
  /** The wire version the listening node speaks; default the listener's node's (`Listener.wire`), or "silly-0.7.0" for a "host:port" string. */
  readonly wire?: WireVersion;
  /** Free-form JSON-serialisable data published with the address. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** One announcement; withdrawing it removes the member from the registry. */
export interface Announcement {
  /** The service name. */
  readonly service: string;
  /** What was published. */
  readonly member: ServiceMember;
  /** The registry key (etcd) or a description of where it lives. */
  readonly key: string;
  /** Removes the member (idempotent). */
  withdraw(): Promise<void>;
}

/** A live member list of one service, kept up to date by the registry. */
export interface ServiceWatch {
  /** The service name. */
  readonly service: string;
  /** Resolves once the first complete member list is known, or once the watch is closed (never rejects). */
  readonly ready: Promise<void>;
  /** The current members (the last known list while the registry is unreachable). */
  members(): readonly ServiceMember[];
  /** Stops watching (no more events). */
  close(): void;
}

/** Options of {@link Registry.watch}. */
export interface WatchOptions {
  /**
   * Told when the registry cannot be reached while no member list is known yet: with an error
   * naming the registry and its last failure each time listing fails, and with `undefined` once a
   * list arrives. (Once a list is known, the registry keeps it through outages and says nothing.)
   * Service targets use it to fail calls at once instead of letting them wait out their timeout.
   */
  readonly onUnreachable?: (error: Error | undefined) => void;
}

/** Where nodes announce services and callers find them. */
export interface Registry {
  /**
   * Publishes `listener` (or a "host:port" string) as a member of `service`. Resolves once it
   * is visible; the registry keeps it there (etcd: under a lease kept alive and re-granted if
   * lost) until withdrawn. Rejects with a ClusterError (`invalid-argument`, `connect-failed`).
   */
  announce(service: string, listener: Listener | string, options?: AnnounceOptions): Promise<Announcement>;
  /**
   * Watches `service`'s members; `onChange` gets every change after the first list. A registry
   * that can be unreachable reports it through `options.onUnreachable` (the static one never is).
   */
  watch(service: string, onChange?: (event: MembershipEvent) => void, options?: WatchOptions): ServiceWatch;
  /**
   * Withdraws the announcements made for `listeners` (every announcement of this registry when
   * omitted). The etcd registry revokes its lease once no announcement is left under it.
   */
  withdraw(listeners?: readonly Listener[]): Promise<void>;
  /** Withdraws everything, stops every watch and releases the registry's resources. */
  close(): Promise<void>;
}

/** The key prefix of a service's members: `<prefix>services/<service>/`. */
export function serviceKeyPrefix(prefix: string, service: string): string {
  return `${prefix}services/${service}/`;
}

/** The registry key of one member: `<prefix>services/<service>/<id>`. */
export function memberKey(prefix: string, service: string, id: string): string {
  return serviceKeyPrefix(prefix, service) + id;
}

/** The JSON value stored under a member's key. */
export function encodeMemberValue(member: ServiceMember): string {
  const value: Record<string, unknown> = { addr: member.addr };
  if (member.wire !== undefined) value["wire"] = member.wire;
  if (member.meta !== undefined) value["meta"] = member.meta;
  return JSON.stringify(value);
}

/**
 * Reads a member from its id and stored JSON value; undefined when the value is not a JSON
 * object with a valid `addr` (unknown fields are ignored, an unknown `wire` is dropped).
 */
export function decodeMemberValue(id: string, text: string): ServiceMember | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { addr, wire, meta } = value as Record<string, unknown>;
  if (typeof addr !== "string") return undefined;
  try {
    parseAddress(addr);
  } catch {
    return undefined;
  }
  return {
    id,
    addr,
    ...(wire === "silly-0.7.0" || wire === "silly-0.7.1" ? { wire } : {}),
    ...(typeof meta === "object" && meta !== null && !Array.isArray(meta) ? { meta: meta as Record<string, unknown> } : {}),
  };
}

/** Checks a service name or member id: non-empty, no "/" (a key segment). Throws `invalid-argument`. */
export function checkKeySegment(what: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.includes("/")) {
    throw new ClusterError("invalid-argument", `${what} must be a non-empty string without "/", got ${JSON.stringify(value)}`);
  }
  return value;
}

/** This machine's first non-internal IPv4 address, or 127.0.0.1. */
function machineAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) if (info.family === "IPv4" && !info.internal) return info.address;
  }
  return "127.0.0.1";
}

/** "host:port" / "[v6]:port" as given, or a bare host ("10.0.0.5", "::1", "[::1]") with `port`. */
function withPort(advertise: string, port: number): HostPort {
  try {
    return parseAddress(advertise);
  } catch {
    return { host: advertise.replace(/^\[(.*)\]$/, "$1"), port };
  }
}

function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "";
}

/**
 * The member an announcement publishes: the address from `options.advertise` or the listener
 * (see {@link AnnounceOptions.advertise}), the id, wire and meta. Throws `invalid-argument`.
 */
export function memberOf(service: string, listener: Listener | string, options: AnnounceOptions = {}): ServiceMember {
  checkKeySegment("service name", service);
  let bound: HostPort;
  if (typeof listener === "string") bound = parseAddress(listener);
  else if (typeof listener === "object" && listener !== null && typeof listener.address === "object") bound = listener.address;
  else throw new ClusterError("invalid-argument", 'announce needs a Listener or a "host:port" string');
  let where: HostPort = bound;
  const advertise = options.advertise;
  if (advertise !== undefined) {
    if (typeof advertise !== "string" || advertise.length === 0) {
      throw new ClusterError("invalid-argument", 'advertise must be "host" or "host:port"');
    }
    where = withPort(advertise, bound.port);
  } else if (isWildcard(bound.host)) {
    where = { host: machineAddress(), port: bound.port };
  }
  if (where.port === 0) throw new ClusterError("invalid-argument", `cannot announce port 0 for service ${service}`);
  const addr = formatAddress(where);
  const wire = options.wire ?? (typeof listener === "string" ? undefined : listener.wire) ?? "silly-0.7.0";
  if (wire !== "silly-0.7.0" && wire !== "silly-0.7.1") throw new ClusterError("invalid-argument", `unknown wire version ${String(wire)}`);
  const id = checkKeySegment("member id", options.id ?? addr);
  if (options.meta !== undefined && (typeof options.meta !== "object" || options.meta === null || Array.isArray(options.meta))) {
    throw new ClusterError("invalid-argument", "meta must be a plain object");
  }
  return { id, addr, wire, ...(options.meta !== undefined ? { meta: options.meta } : {}) };
}

/** The listener an announcement was made for, when it was made for one (to withdraw by listener). */
export function listenerOf(listener: Listener | string): Listener | undefined {
  return typeof listener === "string" ? undefined : listener;
}

/** True when two member records publish the same thing (same id, address, wire and meta). */
export function sameMember(a: ServiceMember, b: ServiceMember): boolean {
  return a.id === b.id && a.addr === b.addr && a.wire === b.wire && JSON.stringify(a.meta) === JSON.stringify(b.meta);
}
