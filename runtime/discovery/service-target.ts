/**
 * Service targets: "call whoever serves `calc`" — a {@link Peer} that stands for every live member
 * of a service. A registry watch keeps the member list; a balancer picks the member of each call
 * when it is made. A member whose connection closes, or whose connect fails, leaves the rotation at
 * once and is probed in the background (with the node's reconnect backoff): a successful connect,
 * or the registry announcing it again, puts it back. A call is retried on another member when it
 * failed with `connect-failed` (nothing was sent); after a timeout or a lost connection only when
 * it is idempotent (`[idempotent]` in the schema, or `options.idempotent`), since the silly wire
 * cannot tell whether the request ran — within its total timeout, under a retry budget.
 */
import { callOptionsError } from "../call/options.ts";
import { now, withDeadline } from "../core/deadline.ts";
import { ClusterError, isClusterError } from "../core/errors.ts";
import type { Socket } from "node:net";
import type { CallOptions } from "../call/options.ts";
import type { Peer } from "../connection/peer.ts";
import { resolveBalancer, type BalanceMember, type BalanceOptions, type Balancer, type RotationChange } from "./balance.ts";
import type { MemberHost, MemberLink } from "./member-link.ts";
import { OutlierDetector, resolveOutlierOptions, type OutlierOptions } from "./outlier-detector.ts";
import { suspectWireMessage } from "../connection/wire-suspicion.ts";
import { MemberAdmission, type AdmissionOptions } from "./member-admission.ts";
import { attemptShare, resolveRetryBudget, type RetryBudget, type RetryBudgetOptions } from "./retry-budget.ts";
import { checkKeySegment, type MembershipEvent, type Registry, type ServiceMember, type ServiceWatch } from "./registry.ts";

/** Options of `node.service(service, options)`. */
export interface ServiceTargetOptions<Req = unknown> extends BalanceOptions<Req>, AdmissionOptions {
  /** Where the members are found; default the node's `registry` option. */
  readonly registry?: Registry;
  /** Further members tried after a `connect-failed` (and, for idempotent calls, a `timeout` or `closed`), per call; default 2. */
  readonly retries?: number;
  /** The token bucket limiting retries of idempotent calls (see retry-budget.ts); `false`: no budget. */
  readonly retryBudget?: RetryBudgetOptions | false;
  /** Timeout of each attempt of an idempotent call but the last, in ms; default an equal share of what is left of its timeout. */
  readonly attemptTimeout?: number;
  /** How long a removed member's peer stays open for its calls in flight, in ms; default the node's timeout (5000 when it has none). */
  readonly linger?: number;
  /** Outlier ejection of members whose calls time out in a row (see outlier-detector.ts); `false` turns it off. */
  readonly outlier?: OutlierOptions | false;
}

/** A member as {@link ServiceTarget.members} reports it. */
export interface ServiceTargetMember extends ServiceMember {
  /**
   * `live`: in rotation; `ejected`: its connection closed or its connect failed (probed until it
   * answers), or its calls timed out in a row (out for an ejection period); `trial`: its ejection
   * period is over and the next call goes to it alone, to see whether it answers.
   */
  readonly state: "live" | "ejected" | "trial";
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
   * within their timeout, unless the registry is known to be unreachable: then they fail at once
   * with `connect-failed`), or once the target is closed (calls waiting then reject `peer-closed`).
   */
  ready(): Promise<void>;
  /** The current members (rotation and ejected ones). */
  members(): ServiceTargetMember[];
  /** Tokens left in the retry budget of idempotent calls (undefined with `retryBudget: false`). */
  readonly retryTokens: number | undefined;
  /** Subscribes to membership changes; returns the unsubscribe function. */
  on(listener: (event: ServiceTargetEvent) => void): () => void;
  /** Stops watching and closes the member peers (after their calls in flight, within `linger`). Calls then reject `peer-closed`. */
  close(): Promise<void>;
}

/**
 * Invokes one attempt of a call on a member's peer with the options left (remaining timeout), or
 * with the call's options and `share`, the attempt's timeout (see ServiceTargetImpl.callFirst).
 */
export type MemberAttempt<T> = (peer: Peer, opts: CallOptions | undefined, share?: number) => Promise<T>;

class Member implements BalanceMember {
  state: "live" | "ejected" | "trial" | "gone" = "live";
  /** Its index in the rotation (−1 when out of it). */
  slot = -1;
  record: ServiceMember;
  readonly link: MemberLink;
  /** On trial with its trial call in flight. */
  trialBusy = false;
  /** Set once the "does it speak the other wire?" warning was logged for it. */
  wireWarned = false;
  /** Bytes its connection had received when it was last ejected for timeouts. */
  heardAtEjection = 0;
  /** Set while this target closes the member's connection itself (not a lost connection). */
  recycling = false;
  /** Set while a background connect of it waits in the admission gate or runs (see connectInBackground). */
  connecting = false;

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
  private readonly budget: RetryBudget | undefined;
  private readonly attemptTimeout: number | undefined;
  private readonly linger: number;
  private readonly admission: MemberAdmission;
  private readonly watch: ServiceWatch;
  private readonly byId = new Map<string, Member>();
  private readonly listeners = new Set<(event: ServiceTargetEvent) => void>();
  private readonly skipped = new Set<string>();
  private readonly outliers: OutlierDetector<Member>;
  /** Members on trial whose trial call has not been made yet (kept by {@link place}). */
  private readonly openTrials = new Set<Member>();
  /** Set once the "ejection capped by maxEjectedShare" note was logged (until an ejection happens again). */
  private cappedNoted = false;
  /** True with the key-hash balancer: a member still connecting keeps its keys (see {@link route}). */
  private readonly affinity: boolean;
  /** Members in rotation, changed in place in O(1) per member (see {@link enter}, {@link leave}). */
  private readonly live: Member[] = [];
  /** While a member list is applied: the rotation changes the balancer hears of at the end, in one call. */
  private batch: { added: Set<Member>; removed: Set<Member> } | null = null;
  /** The member {@link pick} chose but could not use (not connected): {@link route}, called next, starts with it. */
  private preset: Member | null = null;
  /** Where {@link nextConnected} goes on from: the slot after the connected member it took last. */
  private readyTurn = 0;
  private isReady = false;
  private closedFlag = false;
  private readonly readyPromise: Promise<void>;
  /** Ends the wait for the first member list (run by close()). */
  private endWait: () => void = () => undefined;
  /** Set while the registry is unreachable and no member list is known: what calls fail with. */
  private unreachable: ClusterError | undefined = undefined;
  /** Wakes the calls waiting for the first list when the registry turns out to be unreachable. */
  private down = signal();

  /** Starts watching `service` in `registry` (throws `invalid-argument` on bad options). */
  constructor(host: MemberHost, service: string, registry: Registry, options: ServiceTargetOptions<never>) {
    this.service = checkKeySegment("service name", service);
    this.address = `service:${service}`;
    this.host = host;
    this.balancer = resolveBalancer(options as BalanceOptions<unknown>);
    this.affinity = options.key !== undefined || options.balance === "key-hash";
    this.outliers = new OutlierDetector<Member>(resolveOutlierOptions(options.outlier), (m) => this.startTrial(m));
    const retries = options.retries ?? 2;
    if (!Number.isInteger(retries) || retries < 0) {
      throw new ClusterError("invalid-argument", `retries must be an integer >= 0, got ${String(retries)}`);
    }
    this.retries = retries;
    this.budget = resolveRetryBudget(options.retryBudget);
    const attemptTimeout = options.attemptTimeout;
    if (attemptTimeout !== undefined && !(attemptTimeout > 0)) {
      throw new ClusterError("invalid-argument", `attemptTimeout must be a number > 0, got ${String(attemptTimeout)}`);
    }
    this.attemptTimeout = attemptTimeout;
    const fallback = host.defaultTimeout;
    const linger = options.linger ?? (fallback > 0 && Number.isFinite(fallback) ? fallback : 5000);
    if (!(linger >= 0) || !Number.isFinite(linger)) {
      throw new ClusterError("invalid-argument", `linger must be a finite number >= 0, got ${String(linger)}`);
    }
    this.linger = linger;
    this.admission = new MemberAdmission(options, host.logger, service);
    if (typeof registry?.watch !== "function") {
      throw new ClusterError("invalid-argument", "service() needs a registry: pass { registry } or createCluster({ registry })");
    }
    this.watch = registry.watch(service, (event) => this.onRegistryEvent(event), {
      maxMembers: this.admission.maxMembers,
      onUnreachable: (error) => this.onUnreachable(error),
    });
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
      state: m.state === "live" || m.state === "trial" ? m.state : "ejected",
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
    this.outliers.close();
    const members = [...this.byId.values()];
    this.byId.clear();
    this.batched(() => {
      for (const m of members) this.place(m);
    });
    await Promise.all(members.map((m) => this.retire(m)));
  }

  // ---- routing (used by the node) ----

  /**
   * The member peer for a call, when the call can go out right away: the target is ready and
   * the balancer picked a connected member. Otherwise null (then {@link route} does the work).
   */
  pick(request: unknown, cmd: number): Peer | null {
    const member = this.pickConnected(request, cmd);
    return member === null ? null : member.link.peer;
  }

  /**
   * The fast path of an idempotent call: when {@link pick} finds a connected member, runs the first
   * attempt on it at once through `attempt`, given the call's options as they are and the attempt's
   * timeout as `share` (its share of the call's total, see {@link attemptShare}; undefined when the
   * call has no bounded timeout: then the call's own), so nothing is copied. Only after that attempt
   * failed does the call go on as {@link route} makes it (retries within the budget, on another
   * member, in what is left of the total timeout). Null when pick() finds no member: then call route().
   */
  callFirst<T>(request: unknown, cmd: number, opts: CallOptions, attempt: MemberAttempt<T>): Promise<T> | null {
    const member = this.pickConnected(request, cmd);
    if (member === null) return null;
    const timeout = opts.timeout ?? this.host.defaultTimeout;
    const bounded = timeout > 0 && Number.isFinite(timeout);
    const start = bounded ? now() : 0;
    const share = bounded ? attemptShare(timeout, this.retries + 1, this.attemptTimeout) : undefined;
    const budget = this.budget;
    return attempt(member.link.peer, opts, share).then(
      (result) => {
        budget?.succeeded();
        return result;
      },
      (error: unknown) => this.retryFirst(error, member, request, cmd, opts, start, attempt),
    );
  }

  /** {@link pick}'s member (null when route() must do the work). */
  private pickConnected(request: unknown, cmd: number): Member | null {
    const live = this.live;
    // A member on trial waits for its trial call: route() makes it.
    if (live.length === 0 || !this.isReady || this.openTrials.size > 0) return null;
    let member: Member | undefined;
    try {
      member = this.balancer.pick(live, request, cmd);
    } catch {
      return null;
    }
    if (member === undefined) return null;
    if (member.link.connected) return member;
    this.preset = member;
    return null;
  }

  /** The first attempt of {@link callFirst} failed with `error`: retries as route() would after its first attempt. */
  private async retryFirst<T>(
    error: unknown,
    member: Member,
    request: unknown,
    cmd: number,
    opts: CallOptions,
    start: number,
    attempt: MemberAttempt<T>,
  ): Promise<T> {
    const avoid = this.afterFailure(error, member, 0, true, opts.signal, undefined);
    return this.attempts(request, cmd, opts, attempt, { start, waited: false, tries: 1, avoid });
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
      // A registry known to be unreachable fails the call now, with its error, not at the timeout.
      if (this.unreachable !== undefined) throw this.unreachable;
      const listedOrDown = Promise.race([this.readyPromise, this.down.promise]);
      await withDeadline(listedOrDown, { timeout, signal, peer: this.address, what: "waiting for the member list" });
      if (!this.isReady && !this.closedFlag && this.unreachable !== undefined) throw this.unreachable;
    }
    return this.attempts(request, cmd, opts, attempt, { start, waited, tries: 0, avoid: undefined });
  }

  /**
   * The attempts of a call from attempt `from.tries` on (the call started at `from.start`; `waited`:
   * it waited for the member list; `avoid`: the member whose attempt failed last).
   */
  private async attempts<T>(
    request: unknown,
    cmd: number,
    opts: CallOptions | undefined,
    attempt: MemberAttempt<T>,
    from: { readonly start: number; readonly waited: boolean; readonly tries: number; readonly avoid: Member | undefined },
  ): Promise<T> {
    const timeout = opts?.timeout ?? this.host.defaultTimeout;
    const idempotent = opts?.idempotent === true;
    const bounded = timeout > 0 && Number.isFinite(timeout);
    const { start, waited } = from;
    let avoid = from.avoid;
    for (let tries = from.tries; ; tries++) {
      if (this.closedFlag) throw new ClusterError("peer-closed", "service target is closed", { peer: this.address });
      const trial = this.openTrials.size > 0 && bounded ? this.takeTrial() : undefined;
      const member = trial ?? this.choose(request, cmd, avoid);
      let left = opts;
      if (bounded && (tries > 0 || waited || idempotent)) {
        const remaining = timeout - (now() - start);
        if (remaining <= 0) throw new ClusterError("timeout", `call timed out after ${timeout} ms`, { peer: this.address });
        const share = idempotent ? attemptShare(remaining, this.retries - tries + 1, this.attemptTimeout) : remaining;
        left = { ...opts, timeout: share };
      }
      try {
        const result = await attempt(member.link.peer, left);
        if (trial !== undefined) this.trialPassed(trial);
        if (idempotent) this.budget?.succeeded();
        return result;
      } catch (error) {
        if (trial !== undefined) this.trialFailed(trial, error);
        avoid = this.afterFailure(error, member, tries, idempotent, opts?.signal, avoid);
      }
    }
  }

  /**
   * What follows attempt `tries` of a call failing on `member` with `error`: throws `error` when no
   * retry follows; else returns the member the retry avoids. A `connect-failed` (nothing was sent)
   * ejects the member and is retried whatever the marking; a `timeout` or `closed` only for an
   * idempotent call, within the budget.
   */
  private afterFailure(
    error: unknown,
    member: Member,
    tries: number,
    idempotent: boolean,
    signal: AbortSignal | undefined,
    avoid: Member | undefined,
  ): Member | undefined {
    // Every failure a retry could fix takes a token, the last attempt's too (as gRPC counts them).
    const again = idempotent && this.retriesAfter(error, signal);
    if (tries >= this.retries || this.closedFlag) throw error;
    if (isClusterError(error, "connect-failed")) {
      this.eject(member, `connect failed: ${error.detail}`);
      return avoid;
    }
    if (!again) throw error;
    return member;
  }

  /** True when an idempotent call that failed with `error` may be retried: a timeout or a lost connection, within the budget. */
  private retriesAfter(error: unknown, signal: AbortSignal | undefined): boolean {
    if (!isClusterError(error, "timeout") && !isClusterError(error, "closed")) return false;
    if (signal?.aborted === true) return false;
    return this.budget === undefined || this.budget.failed();
  }

  /** Tokens left in the retry budget (undefined without one). */
  get retryTokens(): number | undefined {
    return this.budget?.left;
  }

  /**
   * The member of a call made through {@link route}: the one {@link pick} chose, or the
   * balancer's pick. A member still connecting takes no call while another is connected (as
   * gRPC picks only READY subchannels), except with key affinity; its connect goes on.
   */
  private choose(request: unknown, cmd: number, avoid?: Member): Member {
    // A retry goes to another member when there is one.
    const live = avoid !== undefined && this.live.length > 1 ? this.live.filter((m) => m !== avoid) : this.live;
    if (live.length === 0) throw new ClusterError("connect-failed", `no live member of service ${this.service}`, { peer: this.address });
    const preset = this.preset;
    this.preset = null;
    let member = preset !== null && preset.state === "live" ? preset : this.balancer.pick(live, request, cmd);
    if (member === undefined) {
      throw new ClusterError("connect-failed", `the balancer chose no member of service ${this.service}`, { peer: this.address });
    }
    if (!member.link.connected && !this.affinity) {
      this.connectInBackground(member);
      // Not the balancer again: a second pick per call would advance its rotation twice (a
      // round-robin would then skip every other member, and they would never be picked to connect).
      member = this.nextConnected(avoid) ?? member;
    }
    return member;
  }

  /**
   * The next connected member in rotation after the last one this took, or undefined. Walks the
   * rotation from a cursor instead of listing the connected members, so a call costs O(N / C)
   * with C of N members connected (O(1) once most are), not O(N): with thousands of members
   * connecting lazily, a list per call made round-robin's calls/s collapse.
   */
  private nextConnected(avoid?: Member): Member | undefined {
    const live = this.live;
    const n = live.length;
    const start = this.readyTurn % n;
    for (let k = 0; k < n; k++) {
      const i = start + k < n ? start + k : start + k - n;
      const m = live[i] as Member;
      if (m.link.connected && m !== avoid) {
        this.readyTurn = i + 1;
        return m;
      }
    }
    return undefined;
  }

  /**
   * Connects a member picked while not connected, through the admission gate (at most
   * `connectConcurrency` connects at once, as for new members); a member waits in the gate once,
   * however many calls pick it. A failure ejects it.
   */
  private connectInBackground(member: Member): void {
    if (member.connecting) return;
    member.connecting = true;
    this.admission
      .gate(() => (member.state === "live" ? member.link.connect() : Promise.resolve()))
      .catch((error: unknown) => {
        if (member.state === "live") this.eject(member, `connect failed: ${ClusterError.from(error).detail}`);
      })
      .finally(() => {
        member.connecting = false;
      });
  }

  // ---- outlier ejection ----

  /** A call on `member`'s connection timed out, the `inRow`th since its last response. */
  private onTimeouts(member: Member, inRow: number): void {
    if (member.state !== "live" || this.closedFlag || !this.outliers.isOutlier(inRow)) return;
    if (member.link.bytesReceived === 0 && !member.wireWarned && member.record.wire === undefined) {
      member.wireWarned = true;
      this.host.logger.warn(suspectWireMessage(this.host.wire, "silent", inRow), {
        service: this.service,
        member: member.id,
        addr: member.addr,
      });
    }
    if (!this.outliers.mayEject(member, this.byId.size)) {
      if (!this.cappedNoted) {
        this.cappedNoted = true;
        this.host.logger.warn("service member not ejected: too many members of the service are ejected already", {
          service: this.service,
          member: member.id,
          timeouts: inRow,
          ejected: this.outliers.ejected,
          members: this.byId.size,
        });
      }
      return;
    }
    this.ejectOutlier(member, `${inRow} calls in a row timed out`);
  }

  private ejectOutlier(member: Member, why: string): void {
    this.cappedNoted = false;
    member.state = "ejected";
    member.trialBusy = false;
    const period = this.outliers.eject(member);
    member.heardAtEjection = member.link.bytesReceived;
    this.place(member);
    const reason = `${why}; out of rotation for ${period} ms`;
    this.host.logger.info("service member ejected", { service: this.service, member: member.id, reason });
    this.emit({ type: "ejected", service: this.service, member: member.record, reason });
  }

  /**
   * The ejection period of `member` is over: its next call is a trial. When its connection has
   * received nothing since the ejection (a black hole; and once the link is back, TCP would only
   * retransmit after a retransmission timeout grown to seconds), it first gets a fresh connection:
   * a connect that fails ejects it again without costing a call.
   */
  private startTrial(member: Member): void {
    if (!this.stillOut(member)) return;
    const link = member.link;
    if (link.connected && link.bytesReceived !== member.heardAtEjection) {
      this.openTrial(member);
      return;
    }
    if (link.connected) {
      member.recycling = true;
      try {
        link.dropConnection("nothing received since the member was ejected: reconnecting for its trial");
      } finally {
        member.recycling = false;
      }
    }
    link.connect().then(
      () => {
        if (this.stillOut(member)) this.openTrial(member);
      },
      (error: unknown) => {
        if (this.stillOut(member)) this.ejectOutlier(member, `its trial connect failed (${ClusterError.from(error).detail})`);
      },
    );
  }

  /** True while `member` is ejected for timeouts (not on trial, not gone). */
  private stillOut(member: Member): boolean {
    return member.state === "ejected" && this.outliers.isOut(member) && this.byId.get(member.id) === member && !this.closedFlag;
  }

  private openTrial(member: Member): void {
    member.state = "trial";
    member.trialBusy = false;
    this.place(member);
  }

  /** A member on trial without its trial call (and marks it taken), or undefined. */
  private takeTrial(): Member | undefined {
    for (const m of this.openTrials) {
      m.trialBusy = true;
      this.openTrials.delete(m);
      return m;
    }
    return undefined;
  }

  private trialPassed(member: Member): void {
    if (member.state !== "trial" || this.byId.get(member.id) !== member) return;
    this.outliers.forget(member);
    this.readmit(member);
  }

  private trialFailed(member: Member, error: unknown): void {
    if (member.state !== "trial" || this.byId.get(member.id) !== member) return;
    if (isClusterError(error, "timeout")) {
      this.ejectOutlier(member, "its trial call timed out");
    } else if (!isClusterError(error, "connect-failed")) {
      // Says nothing of the member (aborted, too many pending, …): the next call is the trial.
      member.trialBusy = false;
      this.place(member);
    }
  }

  private readmit(member: Member): void {
    member.state = "live";
    member.trialBusy = false;
    this.place(member);
    this.host.logger.info("service member readmitted", { service: this.service, member: member.id });
    this.emit({ type: "readmitted", service: this.service, member: member.record });
  }

  // ---- membership ----

  /** The registry reported it cannot be reached (`error`) or a member list arrived (`undefined`). */
  private onUnreachable(error: Error | undefined): void {
    if (this.closedFlag) return;
    if (error === undefined) {
      this.unreachable = undefined;
      return;
    }
    const detail = isClusterError(error) ? error.detail : error.message;
    this.unreachable = new ClusterError("connect-failed", `no member list of service ${this.service}: ${detail}`, {
      peer: this.address,
      cause: error,
    });
    const woken = this.down;
    this.down = signal();
    woken.fire();
  }

  private emit(event: ServiceTargetEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.host.logger.error("service target listener failed", { service: this.service, error });
      }
    }
  }

  /**
   * Puts `member` where its state says after a change of state: in the rotation while live, among
   * the open trials while on trial without its trial call, in neither once ejected or gone (no
   * longer in the member list). O(1), plus the balancer's update: nothing is rebuilt.
   */
  private place(member: Member): void {
    const listed = this.byId.get(member.id) === member;
    if (listed && member.state === "live") this.enter(member);
    else this.leave(member);
    if (listed && member.state === "trial" && !member.trialBusy) this.openTrials.add(member);
    else this.openTrials.delete(member);
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
      this.update(entered ? { added: [member], removed: [] } : { added: [], removed: [member] });
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
      if (batch.added.size + batch.removed.size > 0) this.update({ added: [...batch.added], removed: [...batch.removed] });
    }
  }

  private update(change: RotationChange): void {
    try {
      this.balancer.update?.(this.live, change);
    } catch (error) {
      // A custom balancer's throw must not reach the socket or registry callback that changed the rotation.
      this.host.logger.error("balancer update failed", { service: this.service, error: ClusterError.from(error) });
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
    // One balancer update per event (a new address is a removal and an addition).
    this.batched(() => {
      if (event.type === "removed") this.remove(event.member.id);
      else this.upsert(event.member);
    });
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
      if (existing.record.addr === record.addr && existing.record.wire === record.wire && existing.state === "live") {
        existing.record = record;
        return;
      }
      // A new address, or announced again while ejected (e.g. restarted): start over with a fresh peer.
      this.remove(record.id);
    }
    if (!this.accepts(record) || !this.admission.admits(this.byId.size, record.id)) return;
    this.skipped.delete(record.id);
    let member: Member;
    const link = this.host.openMember(record.addr, (reason) => {
      if (member.recycling) return;
      // An ejected member's own connection closing ends its ejection for timeouts: it is probed
      // (reconnected) like any member whose connection was lost, and back once it connects.
      if (member.state === "live" || member.state === "trial" || this.outliers.isOut(member)) {
        this.eject(member, `connection lost: ${reason}`);
      }
    });
    member = new Member(record, link);
    link.watchTimeouts((inRow) => this.onTimeouts(member, inRow));
    this.byId.set(record.id, member);
    this.place(member);
    // Connect now (a few at a time), so the first calls find it connected; a failure ejects it. Beyond
    // eagerConnectLimit members, the first call connects it.
    if (!this.admission.eager(this.byId.size)) return;
    this.admission
      .gate(() => (member.state === "live" ? link.connect() : Promise.resolve()))
      .catch((error: unknown) => {
        if (member.state === "live") this.eject(member, `connect failed: ${ClusterError.from(error).detail}`);
      });
  }

  private remove(id: string): void {
    const member = this.byId.get(id);
    if (member === undefined) return;
    this.byId.delete(id);
    this.outliers.forget(member);
    this.place(member);
    void this.retire(member);
    if (this.admission.overflowed) this.admitWaiting();
  }

  /** Room freed after members were refused for the cap: takes the registry's list again (once per tick). */
  private admitWaiting(): void {
    this.admission.overflowed = false;
    setImmediate(() => this.sync(this.watch.members()));
  }

  /** Takes a member out of rotation and probes it until it answers (then it is back) or it is removed. */
  private eject(member: Member, reason: string): void {
    if (member.state === "gone" || this.byId.get(member.id) !== member) return;
    if (member.state === "ejected" && !this.outliers.isOut(member)) return;
    this.outliers.forget(member);
    member.state = "ejected";
    member.trialBusy = false;
    this.place(member);
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
      if (member.state === "ejected" && !this.outliers.isOut(member) && this.byId.get(member.id) === member) this.readmit(member);
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

/** A promise and the function that resolves it. */
function signal(): { readonly promise: Promise<void>; readonly fire: () => void } {
  let fire: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

/** True when `peer` is a service target (of any node). */
export function isServiceTarget(peer: unknown): peer is ServiceTargetImpl {
  return peer instanceof ServiceTargetImpl;
}
