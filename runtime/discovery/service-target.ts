/**
 * Service targets: "call whoever serves `calc`" — a {@link Peer} that stands for every live member
 * of a service. A registry watch keeps the member list; a balancer picks the member of each call
 * when it is made. A member whose connection closes, or whose connect fails, leaves the rotation at
 * once and is probed in the background (with the node's reconnect backoff): a successful connect,
 * or the registry announcing it again, puts it back. A call is retried on another member only
 * when it failed with `connect-failed` (nothing was sent); never after a timeout or a lost
 * connection, since the silly wire cannot tell whether the request ran.
 */
import { callOptionsError } from "../call/options.ts";
import { now, withDeadline } from "../core/deadline.ts";
import { ClusterError, isClusterError } from "../core/errors.ts";
import type { Socket } from "node:net";
import type { CallOptions } from "../call/options.ts";
import type { Peer } from "../connection/peer.ts";
import { resolveBalancer, type BalanceMember, type BalanceOptions, type Balancer } from "./balance.ts";
import type { MemberHost, MemberLink } from "./member-link.ts";
import { checkKeySegment, sameMember, type MembershipEvent, type Registry, type ServiceMember, type ServiceWatch } from "./registry.ts";

/** Options of `node.service(service, options)`. */
export interface ServiceTargetOptions<Req = unknown> extends BalanceOptions<Req> {
  /** Where the members are found; default the node's `registry` option. */
  readonly registry?: Registry;
  /** Further members tried after a `connect-failed`, per call; default 2. */
  readonly retries?: number;
  /** How long a removed member's peer stays open for its calls in flight, in ms; default the node's timeout (5000 when it has none). */
  readonly linger?: number;
}

/** A member as {@link ServiceTarget.members} reports it. */
export interface ServiceTargetMember extends ServiceMember {
  /** `live`: in rotation; `ejected`: its connection closed or its connect failed, probed until it answers. */
  readonly state: "live" | "ejected";
  /** True while connected. */
  readonly connected: boolean;
  /** Calls awaiting a response. */
  readonly pending: number;
}

/** A change seen by a service target: the registry's, or a member leaving or re-entering the rotation. */
export type ServiceTargetEvent =
  | MembershipEvent
  | { readonly type: "ejected"; readonly service: string; readonly member: ServiceMember; readonly reason: string }
  | { readonly type: "readmitted"; readonly service: string; readonly member: ServiceMember };

/**
 * A {@link Peer} standing for a whole service: accepted wherever a peer is (`node.call`,
 * `callRaw`, `send`, generated clients). `connected` is true when every member in rotation has
 * an open connection; `address` is `service:<name>`.
 */
export interface ServiceTarget extends Peer {
  /** The service name. */
  readonly service: string;
  /**
   * Resolves once the registry delivered the first member list (calls made before wait for it,
   * within their timeout), or once the target is closed (calls waiting then reject `peer-closed`).
   */
  ready(): Promise<void>;
  /** The current members (rotation and ejected ones). */
  members(): ServiceTargetMember[];
  /** Subscribes to membership changes; returns the unsubscribe function. */
  on(listener: (event: ServiceTargetEvent) => void): () => void;
  /** Stops watching and closes the member peers (after their calls in flight, within `linger`). Calls then reject `peer-closed`. */
  close(): Promise<void>;
}

/** Invokes one attempt of a call on a member's peer with the options left (remaining timeout). */
export type MemberAttempt<T> = (peer: Peer, opts: CallOptions | undefined) => Promise<T>;

class Member implements BalanceMember {
  state: "live" | "ejected" | "gone" = "live";
  /** Its index in the rotation (−1 when out of it). */
  slot = -1;
  record: ServiceMember;
  readonly link: MemberLink;

  constructor(record: ServiceMember, link: MemberLink) {
    this.record = record;
    this.link = link;
  }

  get id(): string {
    return this.record.id;
  }

  get addr(): string {
    return this.record.addr;
  }

  get meta(): Readonly<Record<string, unknown>> | undefined {
    return this.record.meta;
  }

  get pending(): number {
    return this.link.pending;
  }
}

/** The service target implementation (made by the node's `service()`). */
export class ServiceTargetImpl implements ServiceTarget {
  readonly service: string;
  readonly address: string;
  readonly origin = "connect" as const;
  private readonly host: MemberHost;
  private readonly balancer: Balancer;
  private readonly retries: number;
  private readonly linger: number;
  private readonly watch: ServiceWatch;
  private readonly byId = new Map<string, Member>();
  private readonly listeners = new Set<(event: ServiceTargetEvent) => void>();
  private readonly skipped = new Set<string>();
  /** Members in rotation, changed in place in O(1) per member (see {@link enter}, {@link leave}). */
  private readonly live: Member[] = [];
  /** While a member list is applied: the rotation changes the balancer hears of at the end, in one call. */
  private batch: { added: Set<Member>; removed: Set<Member> } | null = null;
  /** The member {@link pick} chose but could not use (not connected): {@link route}, called next, starts with it. */
  private preset: Member | null = null;
  private isReady = false;
  private closedFlag = false;
  private readonly readyPromise: Promise<void>;
  /** Ends the wait for the first member list (run by close()). */
  private endWait: () => void = () => undefined;

  /** Starts watching `service` in `registry` (throws `invalid-argument` on bad options). */
  constructor(host: MemberHost, service: string, registry: Registry, options: ServiceTargetOptions<never>) {
    this.service = checkKeySegment("service name", service);
    this.address = `service:${service}`;
    this.host = host;
    this.balancer = resolveBalancer(options as BalanceOptions<unknown>);
    const retries = options.retries ?? 2;
    if (!Number.isInteger(retries) || retries < 0) {
      throw new ClusterError("invalid-argument", `retries must be an integer >= 0, got ${String(retries)}`);
    }
    this.retries = retries;
    const fallback = host.defaultTimeout;
    const linger = options.linger ?? (fallback > 0 && Number.isFinite(fallback) ? fallback : 5000);
    if (!(linger >= 0) || !Number.isFinite(linger)) {
      throw new ClusterError("invalid-argument", `linger must be a finite number >= 0, got ${String(linger)}`);
    }
    this.linger = linger;
    if (typeof registry?.watch !== "function") {
      throw new ClusterError("invalid-argument", "service() needs a registry: pass { registry } or createCluster({ registry })");
    }
    this.watch = registry.watch(service, (event) => this.onRegistryEvent(event));
    this.sync(this.watch.members());
    const listed = this.watch.ready.then(() => {
      if (this.closedFlag) return;
      this.sync(this.watch.members());
      this.isReady = true;
    });
    // A registry that never answers must not keep calls (without a timeout) or ready() waiting past close().
    this.readyPromise = Promise.race([listed, new Promise<void>((resolve) => (this.endWait = resolve))]);
  }

  // ---- Peer ----

  get connected(): boolean {
    const live = this.live;
    if (live.length === 0) return false;
    for (const m of live) if (!m.link.connected) return false;
    return true;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  get socket(): Socket | undefined {
    return undefined;
  }

  // ---- public ----

  ready(): Promise<void> {
    return this.readyPromise;
  }

  members(): ServiceTargetMember[] {
    return [...this.byId.values()].map((m) => ({
      ...m.record,
      state: m.state === "live" ? "live" : "ejected",
      connected: m.link.connected,
      pending: m.link.pending,
    }));
  }

  on(listener: (event: ServiceTargetEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.endWait();
    this.host.closed(this);
    this.watch.close();
    const members = [...this.byId.values()];
    this.byId.clear();
    this.batched(() => {
      for (const m of members) this.leave(m);
    });
    await Promise.all(members.map((m) => this.retire(m)));
  }

  // ---- routing (used by the node) ----

  /**
   * The member peer for a call, when the call can go out right away: the target is ready and
   * the balancer picked a connected member. Otherwise null (then {@link route} does the work).
   */
  pick(request: unknown, cmd: number): Peer | null {
    const live = this.live;
    if (live.length === 0 || !this.isReady) return null;
    let member: Member | undefined;
    try {
      member = this.balancer.pick(live, request, cmd);
    } catch {
      return null;
    }
    if (member === undefined) return null;
    if (member.link.connected) return member.link.peer;
    this.preset = member;
    return null;
  }

  /**
   * Makes a call through `attempt` on a member: waits for the first member list (within the
   * call's timeout), picks, and on `connect-failed` ejects that member and tries another, up to
   * `retries` times. Rejects `connect-failed` when no member is live, `peer-closed` once closed.
   */
  async route<T>(request: unknown, cmd: number, opts: CallOptions | undefined, attempt: MemberAttempt<T>): Promise<T> {
    // Checked here too: the wait for the member list below runs before any attempt checks them.
    if (opts != null) {
      const bad = callOptionsError(opts);
      if (bad !== undefined) throw bad;
    }
    const timeout = opts?.timeout ?? this.host.defaultTimeout;
    const signal = opts?.signal;
    const start = now();
    let waited = false;
    if (!this.isReady && !this.closedFlag) {
      this.preset = null;
      waited = true;
      await withDeadline(this.readyPromise, { timeout, signal, peer: this.address, what: "waiting for the member list" });
    }
    for (let tries = 0; ; tries++) {
      if (this.closedFlag) throw new ClusterError("peer-closed", "service target is closed", { peer: this.address });
      const live = this.live;
      if (live.length === 0) throw new ClusterError("connect-failed", `no live member of service ${this.service}`, { peer: this.address });
      const preset = this.preset;
      this.preset = null;
      const member = preset !== null && preset.state === "live" ? preset : this.balancer.pick(live, request, cmd);
      if (member === undefined) {
        throw new ClusterError("connect-failed", `the balancer chose no member of service ${this.service}`, { peer: this.address });
      }
      let left = opts;
      if (timeout > 0 && Number.isFinite(timeout) && (tries > 0 || waited)) {
        const remaining = timeout - (now() - start);
        if (remaining <= 0) throw new ClusterError("timeout", `call timed out after ${timeout} ms`, { peer: this.address });
        left = { ...opts, timeout: remaining };
      }
      try {
        return await attempt(member.link.peer, left);
      } catch (error) {
        if (!isClusterError(error, "connect-failed") || tries >= this.retries || this.closedFlag) throw error;
        this.eject(member, `connect failed: ${error.detail}`);
      }
    }
  }

  // ---- membership ----

  private emit(event: ServiceTargetEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.host.logger.error("service target listener failed", { service: this.service, error: ClusterError.from(error) });
      }
    }
  }

  /** Puts a member into the rotation (O(1), plus the balancer's update). */
  private enter(member: Member): void {
    if (member.slot >= 0) return;
    member.slot = this.live.length;
    this.live.push(member);
    this.tell(member, true);
  }

  /** Takes a member out of the rotation: the last one moves into its slot (O(1), plus the balancer's update). */
  private leave(member: Member): void {
    const slot = member.slot;
    if (slot < 0) return;
    const last = this.live.pop() as Member;
    if (last !== member) {
      this.live[slot] = last;
      last.slot = slot;
    }
    member.slot = -1;
    this.tell(member, false);
  }

  /** Tells the balancer of one member entering or leaving (or notes it, while {@link batched}). */
  private tell(member: Member, entered: boolean): void {
    const batch = this.batch;
    if (batch === null) {
      this.balancer.update?.(this.live, entered ? { added: [member], removed: [] } : { added: [], removed: [member] });
      return;
    }
    const [mine, other] = entered ? [batch.added, batch.removed] : [batch.removed, batch.added];
    if (!other.delete(member)) mine.add(member);
  }

  /** Runs `apply`, telling the balancer of all the rotation changes it made in one update. */
  private batched(apply: () => void): void {
    if (this.batch !== null) {
      apply();
      return;
    }
    const batch = { added: new Set<Member>(), removed: new Set<Member>() };
    this.batch = batch;
    try {
      apply();
    } finally {
      this.batch = null;
      if (batch.added.size + batch.removed.size > 0)
        this.balancer.update?.(this.live, { added: [...batch.added], removed: [...batch.removed] });
    }
  }

  /** True when the member can be called by this node (its wire, if announced, is ours). */
  private accepts(record: ServiceMember): boolean {
    if (record.wire === undefined || record.wire === this.host.wire) return true;
    if (!this.skipped.has(record.id)) {
      this.skipped.add(record.id);
      this.host.logger.warn("service member speaks another wire version, left out", {
        service: this.service,
        member: record.id,
        wire: record.wire,
        ours: this.host.wire,
      });
    }
    return false;
  }

  private onRegistryEvent(event: MembershipEvent): void {
    if (this.closedFlag) return;
    if (event.type === "removed") this.remove(event.member.id);
    else this.upsert(event.member);
    this.emit(event);
  }

  /** Makes the member list equal to `records`. */
  private sync(records: readonly ServiceMember[]): void {
    if (this.closedFlag) return;
    this.batched(() => {
      const seen = new Set<string>();
      for (const record of records) {
        seen.add(record.id);
        this.upsert(record);
      }
      for (const id of [...this.byId.keys()]) if (!seen.has(id)) this.remove(id);
    });
  }

  private upsert(record: ServiceMember): void {
    const existing = this.byId.get(record.id);
    if (existing !== undefined) {
      if (sameMember(existing.record, record) && existing.state === "live") return;
      if (existing.record.addr === record.addr && existing.record.wire === record.wire && existing.state === "live") {
        existing.record = record;
        return;
      }
      // A new address, or announced again while ejected (e.g. restarted): start over with a fresh peer.
      this.remove(record.id);
    }
    if (!this.accepts(record)) return;
    this.skipped.delete(record.id);
    let member: Member;
    const link = this.host.openMember(record.addr, (reason) => {
      if (member.state === "live") this.eject(member, `connection lost: ${reason}`);
    });
    member = new Member(record, link);
    this.byId.set(record.id, member);
    this.enter(member);
    // Connect now, so the first calls find it connected; a failure ejects it.
    link.connect().catch((error: unknown) => {
      if (member.state === "live") this.eject(member, `connect failed: ${ClusterError.from(error).detail}`);
    });
  }

  private remove(id: string): void {
    const member = this.byId.get(id);
    if (member === undefined) return;
    this.byId.delete(id);
    this.leave(member);
    void this.retire(member);
  }

  /** Takes a member out of rotation and probes it until it answers (then it is back) or it is removed. */
  private eject(member: Member, reason: string): void {
    if (member.state !== "live" || this.byId.get(member.id) !== member) return;
    member.state = "ejected";
    this.leave(member);
    this.host.logger.info("service member ejected", { service: this.service, member: member.id, reason });
    this.emit({ type: "ejected", service: this.service, member: member.record, reason });
    void this.probe(member);
  }

  private async probe(member: Member): Promise<void> {
    while (member.state === "ejected" && !member.link.closed && !this.closedFlag) {
      try {
        // Waits out the peer's reconnect backoff before each attempt.
        await member.link.connect();
      } catch {
        continue;
      }
      if (member.state === "ejected" && this.byId.get(member.id) === member) {
        member.state = "live";
        this.enter(member);
        this.host.logger.info("service member readmitted", { service: this.service, member: member.id });
        this.emit({ type: "readmitted", service: this.service, member: member.record });
      }
      return;
    }
  }

  /** Closes a member that left: at once when idle, else once its calls in flight settled (within `linger`). */
  private async retire(member: Member): Promise<void> {
    member.state = "gone";
    const link = member.link;
    if (link.pending > 0 && this.linger > 0) {
      const until = now() + this.linger;
      while (link.pending > 0 && now() < until) {
        await new Promise<void>((resolve) => setTimeout(resolve, 20).unref());
      }
    }
    await link.close();
  }
}

/** True when `peer` is a service target (of any node). */
export function isServiceTarget(peer: unknown): peer is ServiceTargetImpl {
  return peer instanceof ServiceTargetImpl;
}
