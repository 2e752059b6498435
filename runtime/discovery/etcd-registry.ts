/**
 * `@clusterc/runtime/etcd`: the {@link Registry} on etcd v3 (npm `etcd3`, an optional peer
 * dependency: only this entry imports it).
 *
 * - announce: `<prefix>services/<service>/<id>` → `{"addr","wire","meta"}` put under one lease per
 *   registry (TTL `ttl` s, kept alive by etcd3 at TTL/3). When the lease is lost (etcd unreachable
 *   for longer than the TTL, or restarted without its data), a new lease is granted and every
 *   announcement put again, retrying with backoff until etcd answers.
 * - watch: list the service's prefix, then watch it from the revision after that list; after the
 *   watch stream is lost, or fails, list and watch again (so a restarted or wiped etcd, or a
 *   compacted revision, cannot leave the list stale). While etcd is unreachable the last list stays.
 *   A watcher etcd has not confirmed within `requestTimeout` is cancelled before trying again.
 *   Values are data from outside: see etcd-service-watch.ts for how they are checked.
 * - withdraw: deletes the keys; once no announcement is left the lease is revoked. A put still in
 *   flight for an announcement withdrawn meanwhile (or when the registry closes) is undone.
 * - close: withdraws, releases the lease, stops the watches and closes the client it made; a lease
 *   whose grant was still in flight is released when it arrives. The client it makes reconnects
 *   watch streams with a backoff capped at {@link MAX_WATCH_BACKOFF_MS} (etcd3's default grows to
 *   30 s, and its pending timer would keep a closed process alive that long), and its gRPC
 *   channel too (gRPC's grows to 120 s: a member partitioned from etcd would re-register that late).
 */
import { Etcd3, type IOptions, type Lease } from "etcd3";
import { withDeadline } from "../core/deadline.ts";
import { ClusterError } from "../core/errors.ts";
import { createConsoleLogger, type Logger } from "../core/logger.ts";
import { guardLogger, resolveLogRate, type LogRateOptions } from "../core/guarded-logger.ts";
import { EtcdServiceWatch, type WatchHost } from "./etcd-service-watch.ts";
import type { Listener } from "../connection/listener.ts";
import {
  checkKeySegment,
  encodeMemberValue,
  listenerOf,
  MAX_MEMBERS,
  memberKey,
  memberOf,
  resolveValueLimits,
  serviceKeyPrefix,
  type AnnounceOptions,
  type Announcement,
  type MemberValueLimits,
  type MembershipEvent,
  type Registry,
  type ServiceMember,
  type ServiceWatch,
  type WatchOptions,
} from "./registry.ts";

/** Options of {@link createEtcdRegistry}. */
export interface EtcdRegistryOptions {
  /** etcd client URLs; default "http://127.0.0.1:2379". Ignored when `client` is given. */
  readonly hosts?: string | readonly string[];
  /** Further options of the etcd3 client it makes (credentials, auth, faultHandling, …). */
  readonly etcd?: Omit<IOptions, "hosts">;
  /**
   * Use this client instead of making one (it is not closed by `close()`). Give it a gRPC receive
   * limit above the largest value etcd accepts (`grpcOptions: { "grpc.max_receive_message_length": … }`;
   * the client the registry makes takes 256 MiB): a response over the limit makes etcd3 reset all
   * its streams, watches and lease keep-alives included.
   */
  readonly client?: Etcd3;
  /** Key prefix; default "/clusterc/". */
  readonly prefix?: string;
  /** Lease TTL in seconds (integer ≥ 1); default 10. A dead node leaves the lists within about this long. */
  readonly ttl?: number;
  /** Deadline of each etcd request, in ms; default 5000. */
  readonly requestTimeout?: number;
  /** Logger; default a quiet console logger. A throw from it is never passed on; floods are bounded (`logRate`). */
  readonly logger?: Logger;
  /** At most `burst` info/warn/error lines of one message per `interval` ms; default 10 per 10000 ms. */
  readonly logRate?: LogRateOptions;
  /** Member values over this many bytes are ignored, with a warning naming the key; default 65536. */
  readonly maxValueBytes?: MemberValueLimits["maxValueBytes"];
  /** Member values whose `meta` nests deeper than this are ignored, with a warning naming the key; default 32. */
  readonly maxMetaDepth?: MemberValueLimits["maxMetaDepth"];
}

interface Entry {
  readonly service: string;
  readonly member: ServiceMember;
  readonly listener: Listener | undefined;
  readonly value: string;
}

const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 2000;
/**
 * The gRPC receive limit of the client the registry makes (grpc-js' default is 4 MiB). A response
 * over the limit fails its whole stream or request, and etcd3 then resets every stream of the
 * client (watches and lease keep-alives): a value etcd accepted must not do that. etcd bounds
 * what it accepts (`--max-request-bytes`, 1.5 MiB by default); the listing fetches one value per
 * request, so this bounds one value, and watch responses.
 */
const RECEIVE_LIMIT_BYTES = 256 * 1024 * 1024;
/** Longest wait between reconnects of a watch stream of the etcd client made by the registry. */
const MAX_WATCH_BACKOFF_MS = 2000;

/** etcd3's watch backoff option (a cockatiel `IBackoff`, written here so as not to import cockatiel). */
type WatchBackoff = NonNullable<NonNullable<IOptions["faultHandling"]>["watchBackoff"]>;

/** Exponential backoff from {@link MIN_RETRY_MS} to {@link MAX_WATCH_BACKOFF_MS}, with up to 20% jitter. */
function cappedBackoff(duration = 0, next = MIN_RETRY_MS): WatchBackoff {
  return {
    duration,
    next: () => cappedBackoff(Math.round(next * (0.8 + 0.2 * Math.random())), Math.min(MAX_WATCH_BACKOFF_MS, next * 2)),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Creates the etcd registry (connects lazily). Throws `invalid-argument` on bad options. */
export function createEtcdRegistry(options: EtcdRegistryOptions = {}): Registry {
  return new EtcdRegistry(options);
}

class EtcdRegistry implements Registry, WatchHost {
  private readonly client: Etcd3;
  private readonly ownsClient: boolean;
  private readonly prefix: string;
  private readonly ttl: number;
  private readonly requestTimeout: number;
  private readonly logger: Logger;
  /** See {@link WatchHost}. */
  readonly valueLimits: Required<MemberValueLimits>;
  /** See {@link WatchHost}. */
  readonly description: string;
  private readonly entries = new Map<string, Entry>();
  private readonly watches = new Set<EtcdServiceWatch>();
  private lease: Lease | null = null;
  private granting: Promise<Lease> | null = null;
  private regranting = false;
  /** Set when close() starts: no announcement, grant or re-announcement goes out after it. */
  private closed = false;
  private closing: Promise<void> | null = null;

  constructor(options: EtcdRegistryOptions) {
    const prefix = options.prefix ?? "/clusterc/";
    if (typeof prefix !== "string") throw new ClusterError("invalid-argument", "prefix must be a string");
    const ttl = options.ttl ?? 10;
    if (!Number.isInteger(ttl) || ttl < 1) {
      throw new ClusterError("invalid-argument", `ttl must be an integer number of seconds >= 1, got ${String(ttl)}`);
    }
    const requestTimeout = options.requestTimeout ?? 5000;
    if (!(requestTimeout > 0)) throw new ClusterError("invalid-argument", `requestTimeout must be > 0, got ${String(requestTimeout)}`);
    this.prefix = prefix;
    this.ttl = ttl;
    this.requestTimeout = requestTimeout;
    this.logger = guardLogger(options.logger ?? createConsoleLogger(), resolveLogRate(options.logRate));
    this.valueLimits = resolveValueLimits({
      ...(options.maxValueBytes !== undefined ? { maxValueBytes: options.maxValueBytes } : {}),
      ...(options.maxMetaDepth !== undefined ? { maxMetaDepth: options.maxMetaDepth } : {}),
    });
    if (options.client !== undefined) {
      this.client = options.client;
      this.ownsClient = false;
      this.description = "etcd registry (a client of yours)";
    } else {
      const hosts = options.hosts ?? "http://127.0.0.1:2379";
      this.description = `etcd registry at ${typeof hosts === "string" ? hosts : hosts.join(", ")}`;
      const faultHandling = { watchBackoff: cappedBackoff(), ...options.etcd?.faultHandling };
      // gRPC's reconnect backoff grows to 120 s: after a long partition the registry would find etcd
      // back only that late (its lease long lost, the node out of every list). Capped like the watches'.
      // Receive limit: see RECEIVE_LIMIT_BYTES.
      const grpcOptions = {
        "grpc.max_reconnect_backoff_ms": MAX_WATCH_BACKOFF_MS,
        "grpc.max_receive_message_length": RECEIVE_LIMIT_BYTES,
        ...options.etcd?.grpcOptions,
      };
      this.client = new Etcd3({ ...options.etcd, faultHandling, grpcOptions, hosts: typeof hosts === "string" ? hosts : [...hosts] });
      this.ownsClient = true;
    }
  }

  /** Bounds one etcd request by `requestTimeout`; failures become `connect-failed`. */
  request<T>(what: string, promise: Promise<T>): Promise<T> {
    return withDeadline(promise, { timeout: this.requestTimeout, signal: undefined, peer: "etcd", what }).catch((error: unknown) => {
      throw ClusterError.from(error, "connect-failed");
    });
  }

  // ---- lease ----

  private currentLease(): Promise<Lease> {
    const lease = this.lease;
    if (lease !== null && !lease.revoked()) return Promise.resolve(lease);
    this.granting ??= this.grant().finally(() => (this.granting = null));
    return this.granting;
  }

  private async grant(): Promise<Lease> {
    const lease = this.client.lease(this.ttl);
    lease.on("lost", (error) => this.onLeaseLost(lease, error));
    try {
      await this.request("lease grant", lease.grant());
    } catch (error) {
      lease.release();
      throw error;
    }
    if (this.closed) {
      // Granted after close(): nothing may be put under it, and its keep-alive must not start.
      lease.release();
      throw new ClusterError("closed", "registry is closed");
    }
    this.lease = lease;
    return lease;
  }

  private onLeaseLost(lease: Lease, error: unknown): void {
    if (this.lease !== lease || this.closed) return;
    this.lease = null;
    this.logger.warn("etcd lease lost, granting a new one and announcing again", { error: ClusterError.from(error) });
    void this.reannounce();
  }

  /** Grants a new lease and puts every announcement again, retrying until it works (or nothing is left). */
  private async reannounce(): Promise<void> {
    if (this.regranting) return;
    this.regranting = true;
    let delay = MIN_RETRY_MS;
    try {
      while (!this.closed && this.entries.size > 0) {
        try {
          const lease = await this.currentLease();
          for (const [key, entry] of [...this.entries]) await this.putEntry(lease, key, entry);
          if (this.lease === lease) {
            this.logger.info("announcements restored under a new etcd lease", { count: this.entries.size });
            return;
          }
        } catch (error) {
          this.logger.debug("re-announcing failed, retrying", { error: ClusterError.from(error), delay });
          await sleep(delay);
          delay = Math.min(MAX_RETRY_MS, delay * 2);
        }
      }
    } finally {
      this.regranting = false;
    }
  }

  /**
   * Puts `entry` under `lease` unless it was withdrawn already; when it is withdrawn (or the
   * registry closed) while the put is in flight, deletes the key again, so that no withdrawn
   * member stays registered under a lease that is kept alive.
   */
  private async putEntry(lease: Lease, key: string, entry: Entry): Promise<void> {
    if (this.entries.get(key) !== entry || this.closed) return;
    await this.request("put", lease.put(key).value(entry.value).exec());
    // Still announced (or announced again since): keep it. close() withdraws every entry first.
    if (this.entries.has(key)) return;
    await this.request("delete", this.client.delete().key(key).exec());
  }

  // ---- Registry ----

  async announce(service: string, listener: Listener | string, options?: AnnounceOptions): Promise<Announcement> {
    if (this.closed) throw new ClusterError("closed", "registry is closed");
    const member = memberOf(service, listener, options);
    const key = memberKey(this.prefix, service, member.id);
    const entry: Entry = { service, member, listener: listenerOf(listener), value: encodeMemberValue(member) };
    this.entries.set(key, entry);
    try {
      const lease = await this.currentLease();
      await this.putEntry(lease, key, entry);
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      if (this.closed) throw new ClusterError("closed", "registry was closed while announcing", { cause: error });
      throw ClusterError.from(error, "connect-failed");
    }
    // Withdrawn while in flight: resolves (withdrawing again is a no-op); closed meanwhile: refused.
    if (this.closed) throw new ClusterError("closed", "registry was closed while announcing");
    return { service, member, key, withdraw: () => this.withdrawKeys([key]) };
  }

  watch(service: string, onChange?: (event: MembershipEvent) => void, options?: WatchOptions): ServiceWatch {
    checkKeySegment("service name", service);
    if (this.closed) throw new ClusterError("closed", "registry is closed");
    const maxMembers = options?.maxMembers ?? MAX_MEMBERS;
    if (!(Number.isInteger(maxMembers) && maxMembers >= 1)) {
      throw new ClusterError("invalid-argument", `maxMembers must be an integer >= 1, got ${String(maxMembers)}`);
    }
    const watch = new EtcdServiceWatch({
      host: this,
      client: this.client,
      service,
      keyPrefix: serviceKeyPrefix(this.prefix, service),
      maxMembers,
      onChange,
      onUnreachable: options?.onUnreachable,
      release: (w) => this.watches.delete(w),
    });
    this.watches.add(watch);
    return watch;
  }

  withdraw(listeners?: readonly Listener[]): Promise<void> {
    const keys: string[] = [];
    for (const [key, entry] of this.entries) {
      if (listeners === undefined || (entry.listener !== undefined && listeners.includes(entry.listener))) keys.push(key);
    }
    return this.withdrawKeys(keys);
  }

  private async withdrawKeys(keys: readonly string[]): Promise<void> {
    const mine = keys.filter((key) => this.entries.delete(key));
    if (mine.length === 0) return;
    const lease = this.lease;
    if (this.entries.size === 0) {
      // Nothing left under the lease: revoking it removes every key it holds in one request.
      this.lease = null;
      if (lease !== null) {
        await this.request("lease revoke", lease.revoke());
        return;
      }
    }
    for (const key of mine) await this.request("delete", this.client.delete().key(key).exec());
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    try {
      await this.withdraw();
    } catch (error) {
      this.logger.warn("withdrawing from etcd failed on close (the lease expires by itself)", { error: ClusterError.from(error) });
    } finally {
      this.lease?.release();
      this.lease = null;
      for (const watch of [...this.watches]) watch.close();
      if (this.ownsClient) this.client.close();
    }
  }

  /** See {@link WatchHost}. */
  get log(): Logger {
    return this.logger;
  }
}
