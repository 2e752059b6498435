/**
 * Trace context: the 64-bit trace id of the request being handled, carried through async code
 * with one process-wide AsyncLocalStorage (so several nodes in one process share a trace).
 *
 * silly layout: high 48 bits `[16b root node | 16b time | 16b seq]` identify the trace and never
 * change; the low 16 bits are the node id of the last hop, rewritten by every sender.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { putU32LE } from "./bytes.ts";

const storage = new AsyncLocalStorage<bigint>();
let sequence = 0;
/** The 16-bit seconds field of root ids; refreshed every 64 roots (it only separates sequence wraps). */
let rootTime = -1;

function nextRoot(): number {
  sequence = (sequence + 1) & 0xffff;
  if (rootTime < 0 || (sequence & 0x3f) === 0) rootTime = Math.floor(Date.now() / 1000) & 0xffff;
  return sequence;
}

const LOW_MASK = ~0xffffn;

/** Runs `fn(...args)` with `traceId` as the current trace. */
export function runWithTrace<A extends unknown[], R>(traceId: bigint, fn: (...args: A) => R, ...args: A): R {
  return storage.run(traceId, fn, ...args);
}

/** The trace id of the current async context, or undefined outside any. */
export function currentTraceId(): bigint | undefined {
  return storage.getStore();
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
  return (current & LOW_MASK) | BigInt(nodeId & 0xffff);
}

/**
 * Writes the outgoing trace id for `nodeId` (see {@link outgoingTraceId}) as u64 LE at `offset`,
 * without BigInt work when a new root is made.
 */
export function writeOutgoingTraceId(target: Buffer, offset: number, nodeId: number): void {
  const current = storage.getStore();
  if (current !== undefined) {
    target.writeBigUInt64LE((current & LOW_MASK) | BigInt(nodeId & 0xffff), offset);
    return;
  }
  const seq = nextRoot();
  putU32LE(target, offset, (seq << 16) | (nodeId & 0xffff));
  putU32LE(target, offset + 4, (nodeId & 0xffff) * 0x10000 + rootTime);
}

/** The immutable part of a trace id (the high 48 bits), for comparing hops of one trace. */
export function traceRoot(traceId: bigint): bigint {
  return traceId >> 16n;
}
