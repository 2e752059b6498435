/**
 * Sessions: the per-connection session counter (0..0x7fffffff, wrapping to 0) and the table of
 * calls awaiting a response. A pending call is one object (no per-call closures beyond the
 * promise's): it is its own timer-wheel entry and its own abort listener.
 *
 * Timeouts: calls using the node's default timeout have deadlines in insertion order, so they are
 * not put in the wheel one by one; the table itself sits in the wheel once, with the deadline of
 * its oldest such call, and sweeps from the head of its insertion-ordered list when it fires.
 * Those calls do not read the clock each: the ones made in one tick share a {@link FifoBatch}
 * whose deadline is stamped once at the end of that tick (a clock read no earlier than any of
 * their starts, so they never expire early). Calls with another timeout use the wheel directly.
 */
import { abortError, type TimedEntry, type TimerWheel } from "../core/deadline.ts";
import { ClusterError } from "../core/errors.ts";
import { MAX_SESSION } from "../wire/framer.ts";

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

/**
 * Turns a response body into the call's result, run when the response arrives (so a typed call
 * settles with one promise); a throw rejects the call with the thrown error. Every generated
 * `MessageCodec` is one.
 */
export interface ResponseDecoder<T> {
  /** Decodes the (packed) response body. */
  decodePacked(body: Uint8Array): T;
  /** Decodes the (packed) response body `bytes[start, end)` (used instead of decodePacked when present: no view per response). */
  decodePackedRange?(bytes: Uint8Array, start: number, end: number): T;
  /** Told that the call was registered (its request queued): it will be decoded or {@link failed}. */
  attached?(): void;
  /** Told, once, that the call failed without a response (timeout, closed, aborted, …). */
  failed?(error: ClusterError): void;
}

/** Default-timeout calls made in one tick: their shared deadline (0 until stamped at the end of the tick). */
export class FifoBatch {
  /** Absolute deadline on the table's clock, in ms; 0 while not stamped yet. */
  deadline = 0;
}

/** One call awaiting its response. */
export class PendingCall implements TimedEntry {
  /** Wheel bookkeeping. */
  deadline = 0;
  /** Wheel bookkeeping. */
  bucket: Set<TimedEntry> | null = null;
  /** The table holding the call (null once settled). */
  private table: SessionTable | null;
  /** The deadline of a call using the table's default timeout (swept by the table, not in the wheel); null otherwise. */
  readonly batch: FifoBatch | null;
  /** Table bookkeeping: the previous call in insertion order. */
  older: PendingCall | null = null;
  /** Table bookkeeping: the next call in insertion order. */
  newer: PendingCall | null = null;
  /** The call's session id. */
  readonly session: number;
  // Typed by what they are given: the body or the decoded value; a ClusterError or the decoder's throw.
  private readonly resolveFn: (value: never) => void;
  private readonly rejectFn: (error: never) => void;
  private readonly decode: ResponseDecoder<unknown> | undefined;
  private signal: AbortSignal | undefined;
  private readonly timeout: number;

  /**
   * Registers itself in `table` and, when timed, in the table's wheel. With `decode`, `resolve`
   * gets `decode.decodePacked(body)` and `reject` also gets what that throws.
   */
  constructor(
    table: SessionTable,
    session: number,
    resolve: (body: Uint8Array) => void,
    reject: (error: ClusterError) => void,
    timeout: number,
    signal: AbortSignal | undefined,
    decode?: ResponseDecoder<unknown>,
  ) {
    this.table = table;
    this.session = session;
    this.resolveFn = resolve;
    this.rejectFn = reject;
    this.decode = decode;
    if (decode !== undefined && decode.attached !== undefined) decode.attached();
    this.timeout = timeout;
    table.add(this);
    this.batch = null;
    if (timeout > 0 && timeout !== Infinity) {
      if (timeout === table.defaultTimeout) {
        this.batch = table.openBatch();
      } else {
        this.deadline = table.clock() + timeout;
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
    table.remove(this);
    if (this.bucket !== null) table.wheel.remove(this);
    if (this.signal !== undefined) {
      this.signal.removeEventListener("abort", this);
      this.signal = undefined;
    }
    return true;
  }

  /** Settles with the response body (or its decoding). */
  resolve(body: Uint8Array): void {
    if (!this.detach()) return;
    const decode = this.decode;
    if (decode === undefined) {
      this.resolveFn(body as never);
      return;
    }
    let value: unknown;
    try {
      value = decode.decodePacked(body);
    } catch (error) {
      this.rejectFn(error as never);
      return;
    }
    this.resolveFn(value as never);
  }

  /** Settles with the response body `buf[start, end)` (or its decoding, made from the range without a view). */
  resolveRange(buf: Buffer, start: number, end: number): void {
    if (!this.detach()) return;
    const decode = this.decode;
    if (decode === undefined) {
      this.resolveFn(buf.subarray(start, end) as never);
      return;
    }
    let value: unknown;
    try {
      value =
        decode.decodePackedRange !== undefined ? decode.decodePackedRange(buf, start, end) : decode.decodePacked(buf.subarray(start, end));
    } catch (error) {
      this.rejectFn(error as never);
      return;
    }
    this.resolveFn(value as never);
  }

  /** Settles with an error. */
  reject(error: ClusterError): void {
    if (!this.detach()) return;
    const decode = this.decode;
    if (decode !== undefined && decode.failed !== undefined) decode.failed(error);
    this.rejectFn(error as never);
  }

  /** Wheel callback: the timeout passed. */
  expire(): void {
    const table = this.table;
    this.reject(new ClusterError("timeout", `call timed out after ${this.timeout} ms`, { peer: table?.peer ?? "" }));
    if (table !== null) table.timedOut();
  }

  /** AbortSignal listener. */
  handleEvent(): void {
    const signal = this.signal;
    this.reject(abortError(signal, this.table?.peer ?? ""));
  }
}

// The settlers of the promise being created by startPendingCall (a shared executor: no closure per call).
let settleOk: ((value: never) => void) | undefined;
let settleErr: ((error: never) => void) | undefined;
function captureSettlers(resolve: (value: never) => void, reject: (error: never) => void): void {
  settleOk = resolve;
  settleErr = reject;
}

/**
 * Registers a {@link PendingCall} for `session` in `table` and returns the one promise that settles
 * with its outcome: `decode.decodePacked(body)` (or the body when `decode` is undefined), or the error.
 * `timeout` is in ms (0 or Infinity: none). Positional arguments on purpose: this runs once per
 * call and allocates no options object and no executor closure.
 */
export function startPendingCall<T>(
  table: SessionTable,
  session: number,
  timeout: number,
  signal: AbortSignal | undefined,
  decode: ResponseDecoder<T> | undefined,
): Promise<T> {
  const promise = new Promise<T>(captureSettlers);
  const resolve = settleOk as (body: Uint8Array) => void;
  const reject = settleErr as (error: ClusterError) => void;
  settleOk = undefined;
  settleErr = undefined;
  new PendingCall(table, session, resolve, reject, timeout, signal, decode);
  return promise;
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

/** Initial (and reset) number of slots of a table; a power of two. */
const INITIAL_SLOTS = 64;
/** An emptied table with more slots than this goes back to {@link INITIAL_SLOTS}. */
const SHRINK_ABOVE = 4096;
/** Bound on growth when calls made outside nextSession() collide (2^24 slots). */
const MAX_SLOTS = 1 << 24;

function emptySlots(count: number): Array<PendingCall | null> {
  const slots: Array<PendingCall | null> = [];
  for (let i = 0; i < count; i++) slots.push(null);
  return slots;
}

/**
 * The calls in flight on one connection (itself a wheel entry for its default-timeout calls).
 * Calls sit in an array at `session & mask` (nextSession() only hands out ids whose slot is free,
 * and the array doubles before it is half full), and in a list in insertion order for the sweep:
 * no hashing per call.
 */
export class SessionTable implements TimedEntry {
  /** Wheel bookkeeping (the sweep deadline). */
  deadline = 0;
  /** Wheel bookkeeping. */
  bucket: Set<TimedEntry> | null = null;
  /** Calls with exactly this timeout are swept by the table. */
  readonly defaultTimeout: number;
  /** The node's timer wheel. */
  readonly wheel: TimerWheel;
  /** Monotonic clock in ms. */
  readonly clock: () => number;
  /** Peer address for error messages. */
  readonly peer: string;
  /** The next session id to try (the counter: 0..0x7fffffff, wrapping to 0). */
  private nextId: number;
  /** Calls by `session & mask`. */
  private slots: Array<PendingCall | null> = emptySlots(INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  private count = 0;
  /** Oldest and newest call. */
  private head: PendingCall | null = null;
  private tail: PendingCall | null = null;
  /** The batch default-timeout calls of the current tick join (null: none made yet this tick). */
  private open: FifoBatch | null = null;
  private readonly stampFn = (): void => this.stamp();
  /** Calls that timed out since the last response arrived (0 after any response). */
  timeoutsInRow = 0;
  /** Told after each call that timed out, with {@link timeoutsInRow} (set by whoever watches the peer's health). */
  onTimeout: ((inRow: number) => void) | null = null;

  /** Creates an empty table. */
  constructor(options: SessionTableOptions) {
    this.wheel = options.wheel;
    this.clock = options.clock;
    this.peer = options.peer;
    const d = options.defaultTimeout ?? 0;
    this.defaultTimeout = d > 0 && d !== Infinity ? d : -1;
    this.nextId = options.firstSession ?? 0;
  }

  /** Calls in flight. */
  get size(): number {
    return this.count;
  }

  /** The next session id: not in use, and its slot free (ids are tried in counter order, wrapping to 0). */
  nextSession(): number {
    if (this.count * 2 >= this.slots.length) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    let id = this.nextId;
    // The table is at most half full, so a free slot is found within a few steps.
    while (slots[id & mask] !== null) id = id === MAX_SESSION ? 0 : id + 1;
    this.nextId = id === MAX_SESSION ? 0 : id + 1;
    return id;
  }

  /** Registers a call (done by its constructor). */
  add(call: PendingCall): void {
    const session = call.session;
    let other = this.slots[session & this.mask] ?? null;
    // Only a call made with an id not from nextSession() can meet another session's call here.
    while (other !== null && other.session !== session) {
      if (this.slots.length >= MAX_SLOTS) throw new ClusterError("internal", `session slot of ${session} is taken`);
      this.grow();
      other = this.slots[session & this.mask] ?? null;
    }
    this.slots[session & this.mask] = call;
    const tail = this.tail;
    call.older = tail;
    call.newer = null;
    if (tail !== null) tail.newer = call;
    else this.head = call;
    this.tail = call;
    this.count++;
  }

  /** Unregisters a call (done once, when it settles); leaves the wheel when the table empties. */
  remove(call: PendingCall): void {
    const i = call.session & this.mask;
    if (this.slots[i] === call) this.slots[i] = null;
    const older = call.older;
    const newer = call.newer;
    if (older !== null) older.newer = newer;
    else this.head = newer;
    if (newer !== null) newer.older = older;
    else this.tail = older;
    call.older = null;
    call.newer = null;
    if (--this.count > 0) return;
    this.cancelSweep();
    if (this.slots.length > SHRINK_ABOVE) {
      this.slots = emptySlots(INITIAL_SLOTS);
      this.mask = INITIAL_SLOTS - 1;
    }
  }

  private grow(): void {
    const capacity = this.slots.length * 2;
    const slots = emptySlots(capacity);
    const mask = capacity - 1;
    for (let call = this.head; call !== null; call = call.newer) slots[call.session & mask] = call;
    this.slots = slots;
    this.mask = mask;
  }

  /** Settles the call for `session` with a response; false when no call waits for it. */
  resolve(session: number, body: Uint8Array): boolean {
    const call = this.slots[session & this.mask];
    if (call === null || call === undefined || call.session !== session) return false;
    this.timeoutsInRow = 0;
    call.resolve(body);
    return true;
  }

  /** Settles the call for `session` with the response body `buf[start, end)`; false when no call waits for it. */
  resolveRange(session: number, buf: Buffer, start: number, end: number): boolean {
    const call = this.slots[session & this.mask];
    if (call === null || call === undefined || call.session !== session) return false;
    this.timeoutsInRow = 0;
    call.resolveRange(buf, start, end);
    return true;
  }

  /** Counts a call that timed out and tells {@link onTimeout}. */
  timedOut(): void {
    const inRow = ++this.timeoutsInRow;
    const listener = this.onTimeout;
    if (listener !== null) listener(inRow);
  }

  /** Rejects every call in flight with `error`. */
  rejectAll(error: ClusterError): void {
    const calls: PendingCall[] = [];
    for (let call = this.head; call !== null; call = call.newer) calls.push(call);
    for (const call of calls) call.reject(error);
    this.cancelSweep();
  }

  /** The batch for a default-timeout call made now; its deadline is stamped at the end of this tick. */
  openBatch(): FifoBatch {
    let batch = this.open;
    if (batch === null) {
      batch = new FifoBatch();
      this.open = batch;
      process.nextTick(this.stampFn);
    }
    return batch;
  }

  /** End of the tick: one clock read sets the deadline of every default-timeout call made in it. */
  private stamp(): void {
    const batch = this.open;
    if (batch === null) return;
    this.open = null;
    batch.deadline = this.clock() + this.defaultTimeout;
    if (this.count > 0) this.scheduleSweep(batch.deadline);
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
    let call = this.head;
    while (call !== null) {
      const next = call.newer;
      const batch = call.batch;
      if (batch !== null) {
        const deadline = batch.deadline;
        // Not stamped yet (made in this tick): the stamp at its end schedules the sweep again.
        if (deadline === 0) return;
        if (deadline > t) {
          this.scheduleSweep(deadline);
          return;
        }
        call.expire();
      }
      call = next;
    }
  }
}
