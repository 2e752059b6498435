/**
 * The SIMD kernel of zero-packing: wasm-pack.wat (bytes in wasm-binary.ts) instantiated
 * once per thread, on first use, with its memory laid out in fixed regions. Packing a
 * segment there is one vector compare and one byte shuffle, several times faster than the
 * byte-by-byte JavaScript of pack-portable.ts (which stays the reference, and the path
 * where WebAssembly SIMD is missing or the input does not fit a region).
 *
 * Regions (each followed by 16 spare bytes, see the .wat):
 * - `input`: where the scratch writer encodes (writer.ts), so `encodePacked` packs the
 *   encoding where it lies, without copying it in;
 * - pack input: other bytes to pack are copied here first (never into `input`, which may
 *   hold an encoding in progress when a getter packs a message of its own);
 * - pack output, read back by the caller with one copy;
 * - unpack input and output: the output stays there and is decoded in place
 *   (`decodePacked` reads the fields straight from the kernel's memory).
 */
import { WASM_PACK_HEX } from "./wasm-binary.ts";

/** Largest encoding packed in the kernel. */
export const KERNEL_PACK_MAX = 32768;
/** Largest packed input unpacked in the kernel (its output is at most 8 × this + 8 bytes). */
export const KERNEL_UNPACK_MAX = 8192;

const UNPACK_TABLE = 0;
const PACK_TABLE = 2048;
const SPARE = 16;
const INPUT = 4096;
const PACK_IN = INPUT + KERNEL_PACK_MAX + SPARE;
const PACK_OUT = PACK_IN + KERNEL_PACK_MAX + SPARE;
const UNPACK_IN = PACK_OUT + KERNEL_PACK_MAX + (KERNEL_PACK_MAX >> 3) + 16 + SPARE;
const UNPACK_OUT = UNPACK_IN + KERNEL_UNPACK_MAX + SPARE;
const UNPACK_OUT_SIZE = KERNEL_UNPACK_MAX * 8 + 8;

interface KernelExports {
  readonly memory: WebAssembly.Memory;
  pack(src: number, len: number, dst: number): number;
  unpack(src: number, len: number, dst: number): number;
}

/** The instantiated kernel. */
export interface WasmPack {
  /** The kernel's whole memory (it never grows, so this view stays valid). */
  readonly memory: Uint8Array;
  /** The same memory as 32-bit words (for copying results out four bytes at a time). */
  readonly words: Int32Array;
  /** The region the scratch writer encodes into ({@link KERNEL_PACK_MAX} bytes). */
  readonly input: Uint8Array;
  /** Where {@link WasmPack.pack} leaves its output in {@link WasmPack.memory} (a multiple of 8). */
  readonly packedAt: number;
  /**
   * Packs `src[from, to)` (copied into the kernel unless it is the start of `input`) and
   * returns the packed length, or −1 when it is longer than {@link KERNEL_PACK_MAX}.
   */
  pack(src: Uint8Array, from: number, to: number): number;
  /** The region unpacked bytes are left in. */
  readonly unpacked: Uint8Array;
  /** Where {@link WasmPack.unpacked} starts in {@link WasmPack.memory} (a multiple of 8). */
  readonly unpackedAt: number;
  /**
   * Unpacks `src[from, to)` into {@link WasmPack.unpacked} and returns the unpacked size,
   * or −1 when the input is malformed or longer than {@link KERNEL_UNPACK_MAX} (the caller
   * then takes the portable path, which throws the located error for malformed input).
   */
  unpack(src: Uint8Array, from: number, to: number): number;
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Fills the two shuffle tables the kernel reads (see wasm-pack.wat). */
function fillTables(memory: Uint8Array): void {
  for (let h = 0; h < 256; h++) {
    let data = 0;
    for (let k = 0; k < 8; k++) {
      if ((h >> k) & 1) {
        memory[PACK_TABLE + 8 * h + data] = k;
        memory[UNPACK_TABLE + 8 * h + k] = data++;
      } else {
        memory[UNPACK_TABLE + 8 * h + k] = 0x80;
      }
    }
  }
}

function instantiate(): WasmPack | undefined {
  if (typeof WebAssembly !== "object") return undefined;
  const bytes = hexBytes(WASM_PACK_HEX);
  // Engines without SIMD reject the module: the portable path serves them.
  if (!WebAssembly.validate(bytes)) return undefined;
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as KernelExports;
  const memory = new Uint8Array(exports.memory.buffer);
  if (memory.length < UNPACK_OUT + UNPACK_OUT_SIZE + SPARE) return undefined;
  fillTables(memory);
  const input = memory.subarray(INPUT, INPUT + KERNEL_PACK_MAX);
  const unpacked = memory.subarray(UNPACK_OUT, UNPACK_OUT + UNPACK_OUT_SIZE);
  return {
    memory,
    words: new Int32Array(exports.memory.buffer),
    input,
    packedAt: PACK_OUT,
    pack(src, from, to) {
      const len = to - from;
      if (len > KERNEL_PACK_MAX) return -1;
      if (src === input && from === 0) return exports.pack(INPUT, len, PACK_OUT) - PACK_OUT;
      memory.set(from === 0 && to === src.length ? src : src.subarray(from, to), PACK_IN);
      return exports.pack(PACK_IN, len, PACK_OUT) - PACK_OUT;
    },
    unpacked,
    unpackedAt: UNPACK_OUT,
    unpack(src, from, to) {
      const len = to - from;
      if (len > KERNEL_UNPACK_MAX) return -1;
      memory.set(from === 0 && to === src.length ? src : src.subarray(from, to), UNPACK_IN);
      return exports.unpack(UNPACK_IN, len, UNPACK_OUT);
    },
  };
}

/** `undefined` until first asked for; then the kernel, or null without one. */
let kernel: WasmPack | null | undefined;
let enabled = true;

/** The kernel, instantiated on first use; undefined where WebAssembly SIMD is missing (or when disabled). */
export function wasmPack(): WasmPack | undefined {
  if (kernel === undefined) kernel = (enabled ? instantiate() : undefined) ?? null;
  return kernel ?? undefined;
}

/**
 * Tests and benchmarks: turns the kernel off (every pack and unpack takes the portable
 * path) or back on. Affects calls made after it; the scratch writer moves off the kernel's
 * memory when it is next released.
 */
export function setWasmPackEnabled(on: boolean): void {
  enabled = on;
  kernel = on ? undefined : null;
}
