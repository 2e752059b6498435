/**
 * Trace context: the 64-bit trace id of the request being handled, carried through async code
 * with one process-wide AsyncLocalStorage (so several nodes in one process share a trace).
 *
 * The store holds the id as two u32 halves ({@link TraceRef}); the bigint is only made when
 * someone asks for it, so serving a request and stamping nested calls need no BigInt work.
 *
 * silly layout: high 48 bits `[16b root node | 16b time | 16b seq]` identify the trace and never
 * change; the low 16 bits are the node id of the last hop, rewritten by every sender.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { putU32LE } from "./bytes.ts";

/** A trace id held as its two u32 halves (and the bigint, which may be computed on demand). */
export interface TraceRef {
  /** The trace id. */
  readonly traceId: bigint;
  /** Low 32 bits of the trace id. */
  readonly traceLo: number;
  /** High 32 bits of the trace id. */
  readonly traceHi: number;
}

const storage = new AsyncLocalStorage<TraceRef>();
let sequence = 0;
/** The 16-bit seconds field of root ids; refreshed every 64 roots (it only separates sequence wraps). */
let rootTime = -1;

function nextRoot(): number {
  sequence = (sequence + 1) & 0xffff;
  if (rootTime < 0 || (sequence & 0x3f) === 0) rootTime = Math.floor(Date.now() / 1000) & 0xffff;
  return sequence;
}

/**
 * A 64-bit trace id as 16 lowercase hex digits — how logs and spans (`clusterc.trace_id`) show it,
 * and silly's own log format.
 */
export function formatTraceId(id: bigint): string {
  return BigInt.asUintN(64, id).toString(16).padStart(16, "0");
}

/** The bigint of a trace id given as u32 halves (one conversion when it fits a double exactly). */
export function traceIdOf(lo: number, hi: number): bigint {
  return hi < 0x200000 ? BigInt(hi * 0x100000000 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
}

/** Runs `fn(...args)` with `traceId` as the current trace. */
export function runWithTrace<A extends unknown[], R>(traceId: bigint, fn: (...args: A) => R, ...args: A): R {
  const id = BigInt.asUintN(64, traceId);
  const ref: TraceRef = { traceId, traceLo: Number(id & 0xffffffffn), traceHi: Number(id >> 32n) };
  return storage.run(ref, fn, ...args);
}

/** Runs `fn(a, b)` with the trace id held by `ref` as the current trace (no BigInt work). */
export function runWithTraceRef<A, B, R>(ref: TraceRef, fn: (a: A, b: B) => R, a: A, b: B): R {
  return storage.run(ref, fn, a, b);
}

/** The trace id of the current async context, or undefined outside any. */
export function currentTraceId(): bigint | undefined {
  const ref = storage.getStore();
  return ref === undefined ? undefined : ref.traceId;
}

/** A fresh root trace id in silly's layout for `nodeId` (0..65535). */
export function createRootTraceId(nodeId: number): bigint {
  const seq = nextRoot();
  const high = ((nodeId & 0xffff) * 0x10000 + rootTime) >>> 0;
  const low = ((seq << 16) | (nodeId & 0xffff)) >>> 0;
  return (BigInt(high) << 32n) | BigInt(low);
}

/** The trace id to put on an outgoing request from `nodeId`: the current trace re-stamped, or a new root. */
export function outgoingTraceId(nodeId: number): bigint {
  const current = storage.getStore();
  if (current === undefined) return createRootTraceId(nodeId);
  return traceIdOf(((current.traceLo & 0xffff0000) | (nodeId & 0xffff)) >>> 0, current.traceHi);
}

/**
 * Writes the outgoing trace id for `nodeId` (see {@link outgoingTraceId}) as u64 LE at `offset`,
 * without BigInt work. Inside {@link writeWithTrace} the trace given there stands for the current one.
 */
export function writeOutgoingTraceId(target: Buffer, offset: number, nodeId: number): void {
  const current = pinned ?? storage.getStore();
  if (current !== undefined) {
    putU32LE(target, offset, (current.traceLo & 0xffff0000) | (nodeId & 0xffff));
    putU32LE(target, offset + 4, current.traceHi);
    return;
  }
  const seq = nextRoot();
  putU32LE(target, offset, (seq << 16) | (nodeId & 0xffff));
  putU32LE(target, offset + 4, (nodeId & 0xffff) * 0x10000 + rootTime);
}

/** The trace requests written synchronously inside {@link writeWithTrace} carry (undefined outside it). */
let pinned: TraceRef | undefined;

/**
 * Sets `target.traceLo`/`traceHi` to the trace id a request from `nodeId` would carry if written
 * now: the current trace re-stamped with `nodeId`, or a fresh root (no BigInt work). Used to fix a
 * call's trace id before it is written (see {@link writeWithTrace}).
 */
export function fillOutgoingTrace(target: { traceLo: number; traceHi: number }, nodeId: number): void {
  const current = pinned ?? storage.getStore();
  if (current !== undefined) {
    target.traceLo = ((current.traceLo & 0xffff0000) | (nodeId & 0xffff)) >>> 0;
    target.traceHi = current.traceHi;
    return;
  }
  const seq = nextRoot();
  target.traceLo = ((seq << 16) | (nodeId & 0xffff)) >>> 0;
  target.traceHi = ((nodeId & 0xffff) * 0x10000 + rootTime) >>> 0;
}

/**
 * Runs `fn(a, b)` so that the requests it writes synchronously carry the trace of `ref` (re-stamped
 * with the writing node's id) instead of the current one — without entering an async context, so a
 * process that never serves requests stays free of AsyncLocalStorage's cost. Requests written later
 * (after a reconnect) are not covered: run those with {@link runWithTraceRef}.
 */
export function writeWithTrace<A, B, R>(ref: TraceRef, fn: (a: A, b: B) => R, a: A, b: B): R {
  const previous = pinned;
  pinned = ref;
  try {
    return fn(a, b);
  } finally {
    pinned = previous;
  }
}

/** The immutable part of a trace id (the high 48 bits), for comparing hops of one trace. */
export function traceRoot(traceId: bigint): bigint {
  return traceId >> 16n;
}
