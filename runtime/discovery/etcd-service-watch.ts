/**
 * One service's member list on etcd: list the prefix, then watch it from the revision after that
 * list; list and watch again after any trouble. Everything read from etcd is data from outside
 * (see docs/security.md):
 *
 * - the listing fetches keys only (in pages), then each value on its own at the listing's
 *   revision, so no response holds more than one value: a huge value costs one request, never the
 *   whole list (and values unchanged since the last listing are not fetched again);
 * - a value is checked ({@link readMemberValue}: size, JSON shape, `meta` depth) before it is used;
 *   one that breaks a rule is ignored with a warning naming its key;
 *   members are compared by their raw value bytes, never by walking foreign data;
 * - at most `maxMembers` members are kept; more are ignored with a warning, and listed again once
 *   members leave;
 * - a watch that fails (stream lost, a message over the client's receive limit, a compacted
 *   revision) is logged at warn level and listed again: it never goes quiet and stale;
 * - nothing thrown while handling an event reaches etcd3's event emitter.
 */
import { once } from "node:events";
import type { Etcd3, IKeyValue, IRangeResponse, Watcher } from "etcd3";
import { ClusterError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { readMemberValue, type MemberValueLimits, type MembershipEvent, type ServiceMember, type ServiceWatch } from "./registry.ts";

/** What a watch needs from its registry. */
export interface WatchHost {
  /** Bounds one etcd request by the registry's deadline; failures become `connect-failed`. */
  request<T>(what: string, promise: Promise<T>): Promise<T>;
  /** The registry's logger (guarded and rate-limited). */
  readonly log: Logger;
  /** The limits on member values. */
  readonly valueLimits: Required<MemberValueLimits>;
  /** How errors name the registry: "etcd registry at <hosts>". */
  readonly description: string;
}

/** Options of {@link EtcdServiceWatch}. */
export interface EtcdWatchOptions {
  readonly host: WatchHost;
  readonly client: Etcd3;
  readonly service: string;
  /** `<prefix>services/<service>/`. */
  readonly keyPrefix: string;
  readonly maxMembers: number;
  readonly onChange: ((event: MembershipEvent) => void) | undefined;
  /** See {@link WatchOptions.onUnreachable}. */
  readonly onUnreachable?: ((error: Error | undefined) => void) | undefined;
  /** Run once when the watch closes. */
  readonly release: (watch: EtcdServiceWatch) => void;
}

/** A member as the watch holds it: its record, the raw value it was read from, and that value's etcd revision. */
interface Known {
  readonly member: ServiceMember;
  readonly raw: Buffer;
  mod: string;
}

const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 2000;
/** Keys per page of the keys-only listing. */
const KEYS_PER_PAGE = 1000;
/** Values fetched at once while listing. */
const FETCH_CONCURRENCY = 16;
/** Least time between two listings caused by room freed under the member cap. */
const OVERFLOW_RELIST_MS = 1000;
/** Longest key shown in a warning (a key is data from outside too). */
const SHOWN_KEY_CHARS = 200;

/** The first key after every key starting with `prefix` (etcd's range end of a prefix). */
function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if ((end[i] as number) < 0xff) {
      end[i] = (end[i] as number) + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

/** A key as a warning shows it: text, cut to {@link SHOWN_KEY_CHARS}. */
function shownKey(key: Buffer): string {
  const text = key.subarray(0, SHOWN_KEY_CHARS * 4).toString();
  return text.length > SHOWN_KEY_CHARS ? `${text.slice(0, SHOWN_KEY_CHARS)}…` : text;
}

/** See the file comment. */
export class EtcdServiceWatch implements ServiceWatch {
  readonly service: string;
  readonly ready: Promise<void>;
  private readonly host: WatchHost;
  private readonly client: Etcd3;
  private readonly keyPrefix: string;
  private readonly prefixBytes: Buffer;
  private readonly maxMembers: number;
  private readonly onChange: ((event: MembershipEvent) => void) | undefined;
  private readonly onUnreachable: ((error: Error | undefined) => void) | undefined;
  /** The last failure of listing while no list is known (what {@link onUnreachable} was told), or null. */
  private unreachable: ClusterError | null = null;
  private readonly release: (w: EtcdServiceWatch) => void;
  private readonly list = new Map<string, Known>();
  private markReady: () => void = () => undefined;
  private watcher: Watcher | null = null;
  /** Ends the wait for {@link watcher}'s confirmation by etcd (aborted when it is dropped). */
  private waiting: AbortController | null = null;
  private generation = 0;
  private closed = false;
  private isReady = false;
  /** True while listing fails (the first failure of a streak is a warning, the rest debug). */
  private failing = false;
  /** Members were ignored because the list was full (a listing is due when room frees). */
  private overflowed = false;
  private relistTimer: NodeJS.Timeout | null = null;
  private lastOverflowRelist = 0;
  /**
   * The backoffs between listing attempts under way (a newer resync may start while an older one
   * waits), ended early by close(). They hold the process open, as the watch stream does once it
   * works: whoever awaits {@link ready} in a process with nothing else to do waits for etcd,
   * instead of the process ending with that await unsettled.
   */
  private readonly backoffs = new Map<NodeJS.Timeout, () => void>();

  constructor(options: EtcdWatchOptions) {
    this.host = options.host;
    this.client = options.client;
    this.service = options.service;
    this.keyPrefix = options.keyPrefix;
    this.prefixBytes = Buffer.from(options.keyPrefix);
    this.maxMembers = options.maxMembers;
    this.onChange = options.onChange;
    this.onUnreachable = options.onUnreachable;
    this.release = options.release;
    this.ready = new Promise<void>((resolve) => (this.markReady = resolve));
    void this.resync();
  }

  members(): readonly ServiceMember[] {
    return [...this.list.values()].map((known) => known.member);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.generation++;
    if (this.relistTimer !== null) clearTimeout(this.relistTimer);
    this.relistTimer = null;
    for (const [timer, end] of this.backoffs) {
      clearTimeout(timer);
      end();
    }
    this.dropWatcher();
    this.release(this);
    // Whoever waits for the first list must not wait forever: it is the last known one (maybe empty).
    this.markReady();
  }

  private dropWatcher(): void {
    const watcher = this.watcher;
    this.watcher = null;
    this.waiting?.abort();
    this.waiting = null;
    if (watcher !== null) {
      watcher.removeAllListeners();
      watcher.on("error", () => undefined);
      void watcher.cancel().catch(() => undefined);
    }
  }

  private emit(event: MembershipEvent): void {
    if (!this.isReady || this.onChange === undefined) return;
    try {
      this.onChange(event);
    } catch (error) {
      this.host.log.error("membership listener failed", { service: this.service, event: event.type, error: ClusterError.from(error) });
    }
  }

  private idOf(key: Buffer): string | undefined {
    const text = key.toString();
    if (!text.startsWith(this.keyPrefix)) return undefined;
    const id = text.slice(this.keyPrefix.length);
    return id.length > 0 && !id.includes("/") ? id : undefined;
  }

  /** A key was written (`mod`: its revision); `capped`: a new member is refused when the list is full. Never throws. */
  private put(key: Buffer, value: Buffer, mod: string, capped = true): void {
    const id = this.idOf(key);
    if (id === undefined) return;
    const known = this.list.get(id);
    if (known?.raw.equals(value)) {
      known.mod = mod;
      return;
    }
    const read = readMemberValue(id, value, this.host.valueLimits);
    if (typeof read === "string") {
      this.host.log.warn("service member value ignored", { service: this.service, key: shownKey(key), reason: read });
      if (known !== undefined) this.remove(id, known);
      return;
    }
    if (capped && known === undefined && this.list.size >= this.maxMembers) {
      this.overflowed = true;
      this.host.log.warn("service member ignored: the member list is full", {
        service: this.service,
        key: shownKey(key),
        maxMembers: this.maxMembers,
      });
      return;
    }
    this.list.set(id, { member: read, raw: value, mod });
    this.emit({ type: known === undefined ? "added" : "updated", service: this.service, member: read });
  }

  /** A key was deleted. Never throws. */
  private delete(key: Buffer): void {
    const id = this.idOf(key);
    if (id === undefined) return;
    const known = this.list.get(id);
    if (known !== undefined) this.remove(id, known);
  }

  private remove(id: string, known: Known): void {
    this.list.delete(id);
    this.emit({ type: "removed", service: this.service, member: known.member });
    // Room freed under the cap: members ignored before may be listed now (at most once per OVERFLOW_RELIST_MS).
    if (this.overflowed && this.relistTimer === null) {
      const wait = Math.max(0, this.lastOverflowRelist + OVERFLOW_RELIST_MS - Date.now());
      this.relistTimer = setTimeout(() => {
        this.relistTimer = null;
        this.lastOverflowRelist = Date.now();
        if (!this.closed) void this.resync();
      }, wait);
      this.relistTimer.unref();
    }
  }

  /** Runs `handle` for one watch event, so that nothing it throws reaches etcd3's emitter (it would rethrow it). */
  private guarded(what: string, handle: () => void): void {
    try {
      handle();
    } catch (error) {
      this.host.log.error("etcd watch event failed", { service: this.service, event: what, error: ClusterError.from(error) });
    }
  }

  /** The keys under the prefix (with their revisions) as of one revision, read in pages of keys only. */
  private async listKeys(): Promise<{ revision: string; kvs: IKeyValue[] }> {
    const end = prefixEnd(this.prefixBytes);
    const kvs: IKeyValue[] = [];
    let from = this.prefixBytes;
    let revision: string | undefined;
    for (;;) {
      const page: IRangeResponse = await this.host.request(
        "list",
        this.client.kv.range({
          key: from,
          range_end: end,
          keys_only: true,
          limit: KEYS_PER_PAGE,
          ...(revision !== undefined ? { revision } : {}),
        }),
      );
      revision ??= page.header.revision;
      kvs.push(...page.kvs);
      const last = page.kvs[page.kvs.length - 1];
      if (!page.more || last === undefined) return { revision, kvs };
      from = Buffer.concat([last.key, Buffer.from([0])]);
    }
  }

  /** The value of `key` at `revision` (null: gone). */
  private async valueAt(key: Buffer, revision: string): Promise<IKeyValue | null> {
    const found = await this.host.request("get", this.client.kv.range({ key, revision }));
    return found.kvs[0] ?? null;
  }

  /** Makes the list equal to etcd's at one revision (see the file comment); returns that revision. */
  private async listAll(generation: number): Promise<string | undefined> {
    const { revision, kvs } = await this.listKeys();
    if (generation !== this.generation) return undefined;
    const seen = new Set<string>();
    let held = 0;
    let ignored = 0;
    const pending: IKeyValue[] = [];
    const settle = async (): Promise<boolean> => {
      const fetched = await Promise.all(pending.map((kv) => this.valueAt(kv.key, revision)));
      pending.length = 0;
      if (generation !== this.generation) return false;
      for (const kv of fetched) {
        if (kv === null) continue;
        const id = this.idOf(kv.key) as string;
        if (held >= this.maxMembers) {
          ignored++;
          continue;
        }
        // The cap is kept by counting here: members not seen in this listing are still in the list.
        this.put(kv.key, kv.value, kv.mod_revision, false);
        if (this.list.has(id)) {
          seen.add(id);
          held++;
        }
      }
      return true;
    };
    for (const kv of kvs) {
      const id = this.idOf(kv.key);
      if (id === undefined) continue;
      const known = this.list.get(id);
      if (known !== undefined && known.mod === kv.mod_revision) {
        // Unchanged since it was read: not fetched again.
        if (held < this.maxMembers) {
          seen.add(id);
          held++;
        } else ignored++;
        continue;
      }
      if (held + pending.length >= this.maxMembers) {
        ignored++;
        continue;
      }
      pending.push(kv);
      if (pending.length >= FETCH_CONCURRENCY && !(await settle())) return undefined;
    }
    if (pending.length > 0 && !(await settle())) return undefined;
    for (const [id, known] of [...this.list]) if (!seen.has(id)) this.remove(id, known);
    this.overflowed = ignored > 0;
    if (ignored > 0) {
      this.host.log.warn("service members ignored: the member list is full", {
        service: this.service,
        ignored,
        maxMembers: this.maxMembers,
      });
    }
    return revision;
  }

  /** The watch failed or its stream was lost: warn and list again. */
  private onTrouble(watcher: Watcher, what: string, error: unknown): void {
    // Before etcd confirmed the watcher, resync's own wait sees the failure.
    if (this.watcher !== watcher || this.waiting !== null) return;
    this.host.log.warn(`etcd watch ${what}, listing again`, { service: this.service, error: ClusterError.from(error) });
    // Dropped at once: etcd3 would otherwise resume it from its last revision, replaying what broke it.
    this.dropWatcher();
    void this.pause(MIN_RETRY_MS).then(() => {
      if (!this.closed && this.watcher === null) void this.resync();
    });
  }

  /**
   * Listing failed while no member list is known: tells {@link onUnreachable} an error naming the
   * registry and what went wrong (etcd3's "circuit breaker is open", which hides the cause, keeps
   * the previous cause), so that calls by name fail at once instead of waiting out their timeout.
   */
  private reportUnreachable(error: unknown): void {
    const previous = this.unreachable;
    const broken = typeof error === "object" && error !== null && "isBrokenCircuitError" in error;
    const cause = broken && previous !== null ? previous.cause : error;
    const detail = cause instanceof ClusterError ? cause.detail : cause instanceof Error ? cause.message : String(cause);
    this.unreachable = new ClusterError("connect-failed", `${this.host.description} is unreachable: ${detail}`, { cause });
    this.tell(this.unreachable);
  }

  private tell(error: Error | undefined): void {
    this.guarded("unreachable", () => this.onUnreachable?.(error));
  }

  /** Waits `ms` between two listing attempts, or until close(). */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const end = (): void => {
        this.backoffs.delete(timer);
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.backoffs.set(timer, end);
    });
  }

  /** Lists the prefix and watches it from the next revision, retrying with backoff until it works. */
  private async resync(): Promise<void> {
    const generation = ++this.generation;
    this.dropWatcher();
    let delay = MIN_RETRY_MS;
    while (!this.closed && generation === this.generation) {
      try {
        const revision = await this.listAll(generation);
        if (revision === undefined || generation !== this.generation) return;
        const from = (BigInt(revision) + 1n).toString();
        // The watcher is ours from the start, not only once etcd confirmed it (as create() would
        // give it): a confirmation that outlives the request deadline, or a close() meanwhile,
        // cancels it rather than leaving a watch stream nobody owns (it would hold the process open).
        const watcher = this.client.watch().prefix(this.keyPrefix).startRevision(from).watcher();
        const waiting = new AbortController();
        this.watcher = watcher;
        this.waiting = waiting;
        watcher.on("put", (kv) => this.guarded("put", () => this.put(kv.key, kv.value, kv.mod_revision)));
        watcher.on("delete", (kv) => this.guarded("delete", () => this.delete(kv.key)));
        watcher.on("error", (error) => this.onTrouble(watcher, "failed", error));
        try {
          // Rejects on the watcher's "error", and when dropped (close() or a newer resync).
          await this.host.request("watch", once(watcher, "connected", { signal: waiting.signal }));
        } catch (error) {
          if (this.watcher === watcher) this.dropWatcher();
          throw error;
        }
        if (generation !== this.generation) return;
        this.waiting = null;
        watcher.on("disconnected", (error) => this.onTrouble(watcher, "stream lost", error));
        if (this.failing) {
          this.failing = false;
          this.host.log.info("etcd watch restored", { service: this.service, members: this.list.size });
        }
        if (!this.isReady) {
          this.isReady = true;
          this.markReady();
          if (this.unreachable !== null) {
            this.unreachable = null;
            this.tell(undefined);
          }
        }
        return;
      } catch (error) {
        if (this.closed || generation !== this.generation) return;
        if (!this.isReady) this.reportUnreachable(error);
        const fields = { service: this.service, error: ClusterError.from(error), delay };
        if (this.failing) this.host.log.debug("listing a service in etcd failed, retrying", fields);
        else this.host.log.warn("listing a service in etcd failed, retrying", fields);
        this.failing = true;
        await this.pause(delay);
        delay = Math.min(MAX_RETRY_MS, delay * 2);
      }
    }
  }
}
