/**
 * Sessions: the per-connection session counter (0..0x7fffffff, wrapping to 0) and the table of
 * calls awaiting a response. A pending call is one object (no per-call closures beyond the
 * promise's): it is its own timer-wheel entry and its own abort listener.
 *
 * Timeouts: calls using the node's default timeout have deadlines in insertion order, so they are
 * not put in the wheel one by one; the table itself sits in the wheel once, with the deadline of
 * its oldest such call, and sweeps from the head of its (insertion-ordered) map when it fires.
 * Calls with another timeout use the wheel directly.
 */
import { abortError, type TimedEntry, type TimerWheel } from "./deadline.ts";
import { ClusterError } from "./errors.ts";
import { MAX_SESSION } from "./framing.ts";

/** Hands out session ids; wraps from 0x7fffffff to 0 and skips ids still in use. */
export interface SessionCounter {
  /** The next free session id. */
  next(inUse: (session: number) => boolean): number;
}

/** Creates a counter starting at `first` (default 0). */
export function createSessionCounter(first = 0): SessionCounter {
  let value = first;
  return {
    next(inUse) {
      for (let tries = 0; tries <= MAX_SESSION; tries++) {
        const session = value;
        value = value === MAX_SESSION ? 0 : value + 1;
        if (!inUse(session)) return session;
      }
      throw new ClusterError("too-many-pending", "no free session id");
    },
  };
}

/** One call awaiting its response. */
export class PendingCall implements TimedEntry {
  /** Wheel bookkeeping. */
  deadline = 0;
  /** Wheel bookkeeping. */
  bucket: Set<TimedEntry> | null = null;
  /** The table holding the call (null once settled). */
  private table: SessionTable | null;
  /** True when the call uses the table's default timeout (swept by the table, not in the wheel). */
  readonly fifo: boolean;
  /** The call's session id. */
  readonly session: number;
  private readonly resolveFn: (body: Uint8Array) => void;
  private readonly rejectFn: (error: ClusterError) => void;
  private signal: AbortSignal | undefined;
  private readonly timeout: number;

  /** Registers itself in `table` and, when timed, in the table's wheel. */
  constructor(
    table: SessionTable,
    session: number,
    resolve: (body: Uint8Array) => void,
    reject: (error: ClusterError) => void,
    timeout: number,
    signal: AbortSignal | undefined,
  ) {
    this.table = table;
    this.session = session;
    this.resolveFn = resolve;
    this.rejectFn = reject;
    this.timeout = timeout;
    table.map.set(session, this);
    this.fifo = false;
    if (timeout > 0 && timeout !== Infinity) {
      this.deadline = table.clock() + timeout;
      if (timeout === table.defaultTimeout) {
        this.fifo = true;
        table.scheduleSweep(this.deadline);
      } else {
        table.wheel.add(this);
      }
    }
    if (signal !== undefined) {
      this.signal = signal;
      signal.addEventListener("abort", this, { once: true });
    }
  }

  private detach(): boolean {
    const table = this.table;
    if (table === null) return false;
    this.table = null;
    table.map.delete(this.session);
    if (this.bucket !== null) table.wheel.remove(this);
    if (table.map.size === 0) table.cancelSweep();
    if (this.signal !== undefined) {
      this.signal.removeEventListener("abort", this);
      this.signal = undefined;
    }
    return true;
  }

  /** Settles with the response body. */
  resolve(body: Uint8Array): void {
    if (this.detach()) this.resolveFn(body);
  }

  /** Settles with an error. */
  reject(error: ClusterError): void {
    if (this.detach()) this.rejectFn(error);
  }

  /** Wheel callback: the timeout passed. */
  expire(): void {
    const peer = this.table?.peer ?? "";
    this.reject(new ClusterError("timeout", `call timed out after ${this.timeout} ms`, { peer }));
  }

  /** AbortSignal listener. */
  handleEvent(): void {
    const signal = this.signal;
    this.reject(abortError(signal, this.table?.peer ?? ""));
  }
}

/** Options for {@link SessionTable}. */
export interface SessionTableOptions {
  /** The node's timer wheel. */
  readonly wheel: TimerWheel;
  /** Monotonic clock in ms. */
  readonly clock: () => number;
  /** Peer address for error messages. */
  readonly peer: string;
  /** First session id. */
  readonly firstSession?: number;
  /** The node's default call timeout (calls using it are swept in insertion order); 0 = none. */
  readonly defaultTimeout?: number;
}

/** The calls in flight on one connection (itself a wheel entry for its default-timeout calls). */
export class SessionTable implements TimedEntry {
  /** Wheel bookkeeping (the sweep deadline). */
  deadline = 0;
  /** Wheel bookkeeping. */
  bucket: Set<TimedEntry> | null = null;
  /** Calls with exactly this timeout are swept by the table. */
  readonly defaultTimeout: number;
  /** Pending calls by session id. */
  readonly map = new Map<number, PendingCall>();
  /** The node's timer wheel. */
  readonly wheel: TimerWheel;
  /** Monotonic clock in ms. */
  readonly clock: () => number;
  /** Peer address for error messages. */
  readonly peer: string;
  private readonly counter: SessionCounter;
  private readonly inUse = (session: number): boolean => this.map.has(session);

  /** Creates an empty table. */
  constructor(options: SessionTableOptions) {
    this.wheel = options.wheel;
    this.clock = options.clock;
    this.peer = options.peer;
    const d = options.defaultTimeout ?? 0;
    this.defaultTimeout = d > 0 && d !== Infinity ? d : -1;
    this.counter = createSessionCounter(options.firstSession ?? 0);
  }

  /** Calls in flight. */
  get size(): number {
    return this.map.size;
  }

  /** The next session id. */
  nextSession(): number {
    return this.counter.next(this.inUse);
  }

  /** Settles the call for `session` with a response; false when no call waits for it. */
  resolve(session: number, body: Uint8Array): boolean {
    const call = this.map.get(session);
    if (call === undefined) return false;
    call.resolve(body);
    return true;
  }

  /** Rejects every call in flight with `error`. */
  rejectAll(error: ClusterError): void {
    for (const call of [...this.map.values()]) call.reject(error);
    this.cancelSweep();
  }

  /** Makes sure the table is in the wheel (no-op when it already is: its deadline is earlier). */
  scheduleSweep(deadline: number): void {
    if (this.bucket !== null) return;
    this.deadline = deadline;
    this.wheel.add(this);
  }

  /** Takes the table out of the wheel. */
  cancelSweep(): void {
    if (this.bucket !== null) this.wheel.remove(this);
  }

  /** Wheel callback: expires default-timeout calls from the oldest on, then reschedules. */
  expire(): void {
    const t = this.clock();
    for (const call of this.map.values()) {
      if (!call.fifo) continue;
      if (call.deadline > t) {
        this.scheduleSweep(call.deadline);
        return;
      }
      call.expire();
    }
  }
}
