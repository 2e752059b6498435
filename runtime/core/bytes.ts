/**
 * Byte-level helpers of the per-frame path: plain typed-array loads and stores instead of
 * Buffer's checked read/write methods, and a cheap Uint8Array test.
 */
import { Buffer } from "node:buffer";

/**
 * Stores the low 32 bits of `value` little-endian at `at`. Plain byte stores: cheaper than
 * Buffer#writeUInt32LE's checks on the per-frame path; the caller has made room.
 */
export function putU32LE(target: Uint8Array, at: number, value: number): void {
  target[at] = value;
  target[at + 1] = value >>> 8;
  target[at + 2] = value >>> 16;
  target[at + 3] = value >>> 24;
}

/** Stores the low 16 bits of `value` big-endian at `at` (the caller has made room). */
export function putU16BE(target: Uint8Array, at: number, value: number): void {
  target[at] = value >>> 8;
  target[at + 1] = value;
}

/**
 * `value instanceof Uint8Array`, answered without the generic instanceof for the usual cases (a
 * plain Uint8Array or a Buffer): Node defines Symbol.hasInstance on some classes, which sends
 * every instanceof in the process down V8's slow path.
 */
export function isUint8Array(value: unknown): value is Uint8Array {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Buffer.prototype || proto === Uint8Array.prototype || value instanceof Uint8Array;
}

/** Reads a u32 little-endian at `at` (in bounds: checked by the caller). */
export function getU32LE(buf: Uint8Array, at: number): number {
  return (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16)) + buf[at + 3]! * 0x1000000;
}

/** Reads a u64 little-endian at `at` as a bigint; one conversion when it fits a double exactly (small root node ids). */
export function getU64LE(buf: Uint8Array, at: number): bigint {
  const lo = getU32LE(buf, at);
  const hi = getU32LE(buf, at + 4);
  return hi < 0x200000 ? BigInt(hi * 0x100000000 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
}
