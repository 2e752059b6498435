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
  /**
   * Most members the watch keeps (an integer >= 1); members beyond it are ignored, with a warning,
   * until members leave. Default {@link MAX_MEMBERS}. Registries that hold data from outside (etcd)
   * enforce it; a service target enforces it again whatever its registry does.
   */
  readonly maxMembers?: number;
}

/** Default {@link WatchOptions.maxMembers}. */
export const MAX_MEMBERS = 1024;

/** Where nodes announce services and callers find them. */
export interface Registry {
  /**
   * Publishes `listener` (or a "host:port" string) as a member of `service`. Resolves once it
   * is visible; the registry keeps it there (etcd: under a lease kept alive and re-granted if
   * lost) until withdrawn. Rejects with a ClusterError (`invalid-argument`, `connect-failed`).
   */
  announce(service: string, listener: Listener | string, options?: AnnounceOptions): Promise<Announcement>;
  /**
   * Watches `service`'s members; `onChange` gets every change after the first list (a throw from it
   * is logged, not passed on). A registry that can be unreachable reports it through
   * `options.onUnreachable` (the static one never is).
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

/** Limits on member values read from a registry (data from outside: see docs/security.md). */
export interface MemberValueLimits {
  /** Largest stored value in bytes (UTF-8); default 65536. */
  readonly maxValueBytes?: number;
  /** Deepest nesting of `meta` (the meta object itself is depth 1); default 32. */
  readonly maxMetaDepth?: number;
}

/** Default {@link MemberValueLimits.maxValueBytes}. */
export const MAX_VALUE_BYTES = 64 * 1024;
/** Default {@link MemberValueLimits.maxMetaDepth}. */
export const MAX_META_DEPTH = 32;

/** Checks member value limits (throws `invalid-argument`) and applies the defaults. */
export function resolveValueLimits(limits: MemberValueLimits = {}): Required<MemberValueLimits> {
  const maxValueBytes = limits.maxValueBytes ?? MAX_VALUE_BYTES;
  const maxMetaDepth = limits.maxMetaDepth ?? MAX_META_DEPTH;
  for (const [name, value] of [
    ["maxValueBytes", maxValueBytes],
    ["maxMetaDepth", maxMetaDepth],
  ] as const) {
    if (!(Number.isInteger(value) && value >= 1)) {
      throw new ClusterError("invalid-argument", `${name} must be an integer >= 1, got ${String(value)}`);
    }
  }
  return { maxValueBytes, maxMetaDepth };
}

/** The nesting depth of a parsed JSON value, counted without recursion; stops counting past `limit`. */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== "object" || item === null) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Reads a member from its id and stored value (JSON text or its UTF-8 bytes): the member, or why
 * the value is refused (a short sentence). Refused: a value over `maxValueBytes`, not a JSON
 * object, without a valid `addr`, or whose `meta` nests deeper than `maxMetaDepth`. Unknown
 * fields are ignored, an unknown `wire` is dropped. Never recurses on the value.
 */
export function readMemberValue(id: string, value: string | Uint8Array, limits: MemberValueLimits = {}): ServiceMember | string {
  const { maxValueBytes, maxMetaDepth } = resolveValueLimits(limits);
  const bytes = typeof value === "string" ? Buffer.byteLength(value) : value.length;
  if (bytes > maxValueBytes) return `value of ${bytes} bytes is over the limit of ${maxValueBytes}`;
  const text = typeof value === "string" ? value : Buffer.from(value.buffer, value.byteOffset, value.length).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "value is not JSON";
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "value is not a JSON object";
  const { addr, wire, meta } = parsed as Record<string, unknown>;
  if (typeof addr !== "string") return 'value has no "addr" string';
  try {
    parseAddress(addr);
  } catch {
    return `"addr" is not host:port`;
  }
  const hasMeta = typeof meta === "object" && meta !== null && !Array.isArray(meta);
  if (hasMeta && depthOf(meta, maxMetaDepth) > maxMetaDepth) return `"meta" nests deeper than ${maxMetaDepth}`;
  return {
    id,
    addr,
    ...(wire === "silly-0.7.0" || wire === "silly-0.7.1" ? { wire } : {}),
    ...(hasMeta ? { meta: meta as Record<string, unknown> } : {}),
  };
}

/**
 * Reads a member from its id and stored JSON value; undefined when {@link readMemberValue}
 * refuses it (default limits unless `limits` is given).
 */
export function decodeMemberValue(id: string, text: string, limits?: MemberValueLimits): ServiceMember | undefined {
  const read = readMemberValue(id, text, limits);
  return typeof read === "string" ? undefined : read;
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
  const member: ServiceMember = { id, addr, wire, ...(options.meta !== undefined ? { meta: options.meta } : {}) };
  // What a watcher would refuse is refused here (JSON.stringify throws on cycles and on very deep meta).
  let value: string;
  try {
    value = encodeMemberValue(member);
  } catch (error) {
    throw new ClusterError("invalid-argument", "meta is not JSON-serialisable", { cause: error });
  }
  const read = readMemberValue(id, value);
  if (typeof read === "string") throw new ClusterError("invalid-argument", `cannot announce ${service}: ${read}`);
  return member;
}

/** The listener an announcement was made for, when it was made for one (to withdraw by listener). */
export function listenerOf(listener: Listener | string): Listener | undefined {
  return typeof listener === "string" ? undefined : listener;
}
