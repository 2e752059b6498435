/**
 * Wire-version mismatch detection: a node speaks one framing, and a peer speaking the other
 * one would otherwise show up only as a "remote closed" or a silent partial-frame timeout.
 *
 * What each framing looks like when read by the other (from the layouts in framing.ts):
 *
 *   - silly 0.7.1 read as 0.7.0: a frame starts `u32 LE len | u32 session`, so for any frame
 *     under 64 KiB its bytes 2..3 are zero and the u16 BE length 0.7.0 reads is `len` with its
 *     two bytes swapped: a 20-byte request (`10 00 00 00`) reads as a 4096-byte frame, and a
 *     0.7.0 node waits for bytes that never come (or, fed a burst, decodes garbage).
 *   - silly 0.7.0 read as 0.7.1: a frame starts `u16 BE len | body…` (the body, or for an empty
 *     body the trace id, supplies bytes 2..3), so the u32 LE length 0.7.1 reads is either above
 *     silly's 128 MiB limit (a protocol error) or anything up to it (a long wait).
 *
 * Neither header is invalid in the other framing by itself, so the detector parses the first
 * {@link SNIFF_BYTES} bytes a connection receives twice, as the node's own framing and as the
 * other one (lengths and request sizes checked, nothing kept). The node's verdict (see
 * connection.ts) is a mismatch only when the bytes so far read as valid frames of the other
 * wire, and
 *
 *   1. the node's own decoder rejected them in a way no peer of its own wire can cause: a length
 *      or request below the minimum, or a length above what the wire allows at all (not merely
 *      above this node's `maxFrameBytes`); this is decisive, so it acts at once; or
 *   2. they are whole frames of the other wire (at least one, ending exactly at a frame
 *      boundary) while the node's own decoder waits in mid-frame, and nothing more arrives for
 *      {@link MISMATCH_GRACE_MS} (a peer of the other wire has sent whole frames and waits for
 *      answers). Only valid traffic of the node's own wire that happens to stall that long in
 *      mid-frame exactly where the other framing's frames end could be taken for a mismatch;
 *      any further byte lifts the suspicion.
 */
import { FrameShape } from "./frame-shape.ts";
import { V070_MAX_LEN, V071_DEFAULT_MAX_LEN, type WireVersion } from "./frames.ts";

/** Bytes from the start of a connection the detector looks at (two largest 0.7.0 frames). */
export const SNIFF_BYTES = 128 * 1024;

/** How long whole frames of the other wire must sit unanswered by more bytes before the connection is closed (ms). */
export const MISMATCH_GRACE_MS = 1000;

/** The framing a node of `wire` does not speak. */
export function otherWire(wire: WireVersion): WireVersion {
  return wire === "silly-0.7.0" ? "silly-0.7.1" : "silly-0.7.0";
}

/** "v0.7.1" for "silly-0.7.1". */
function versionOf(wire: WireVersion): string {
  return `v${wire.slice("silly-".length)}`;
}

/** The reason a connection is closed with when its peer speaks the other wire ("peer speaks silly wire v0.7.1, this node v0.7.0"). */
export function mismatchReason(ours: WireVersion): string {
  return `peer speaks silly wire ${versionOf(otherWire(ours))}, this node ${versionOf(ours)}`;
}

/** The largest `len` a peer of `wire` legitimately sends by default: the u16 maximum (0.7.0), silly's hardlimit (0.7.1). */
function ceilingOf(wire: WireVersion): number {
  return wire === "silly-0.7.0" ? V070_MAX_LEN : V071_DEFAULT_MAX_LEN;
}

/**
 * Watches the first {@link SNIFF_BYTES} bytes a connection receives, parsing them both as the
 * node's own framing and as the other one (see the module comment for how the node uses it).
 */
export class WireSniffer {
  /** The node's own wire. */
  readonly wire: WireVersion;
  private readonly own: FrameShape;
  private readonly other: FrameShape;
  private seen = 0;

  /** A sniffer for a node speaking `wire` and accepting `len` up to `maxFrameBytes`. */
  constructor(wire: WireVersion, maxFrameBytes: number) {
    this.wire = wire;
    this.own = new FrameShape(wire, maxFrameBytes);
    const other = otherWire(wire);
    this.other = new FrameShape(other, ceilingOf(other));
  }

  /**
   * Feeds the next chunk received; returns false once the other wire is ruled out (the bytes
   * are not valid frames of it) or the window is over: the sniffer can then be dropped.
   */
  feed(chunk: Uint8Array): boolean {
    const room = SNIFF_BYTES - this.seen;
    if (room <= 0) return false;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.seen += part.length;
    this.own.feed(part);
    this.other.feed(part);
    return this.other.valid && this.seen < SNIFF_BYTES;
  }

  /**
   * After the node's decoder rejected the bytes: "other" when no peer of the node's own wire
   * could have sent them (a length below the minimum, or above what the wire allows at all rather
   * than just above this node's limit) while they read as valid frames of the other wire, at
   * least one whole frame, or for 0.7.1 a whole header (its length and session word checked: a
   * 0.7.0 header, two bytes of length, is nearly always "valid" and proves nothing by itself);
   * "undecided" when so far they do but the other wire's first 0.7.0 frame is still arriving;
   * "own" otherwise (an ordinary protocol error).
   */
  afterRejection(): "other" | "undecided" | "own" {
    const own = this.own;
    const decisive =
      own.failure === "short" || own.failure === "short-request" || (own.failure === "over-limit" && own.failedLen > ceilingOf(this.wire));
    const other = this.other;
    if (!decisive || !other.valid) return "own";
    if (other.frames > 0 || (this.wire === "silly-0.7.0" && other.headers > 0)) return "other";
    return this.seen < SNIFF_BYTES ? "undecided" : "own";
  }

  /** Every byte so far forms whole valid frames of the other wire, at least one (evidence while the node's decoder waits in mid-frame). */
  get wholeOther(): boolean {
    const other = this.other;
    return other.valid && other.frames > 0 && other.atBoundary;
  }

  /** The close reason for a mismatch. */
  get reason(): string {
    return mismatchReason(this.wire);
  }
}

/** How a {@link MismatchWatch} acts on its connection. */
export interface MismatchActions {
  /** Bytes of an incomplete frame the node's decoder holds. */
  pendingBytes(): number;
  /** Closes the connection: its peer speaks the other wire (`reason` names both). */
  mismatch(reason: string): void;
  /** Closes the connection with the decoder's protocol error `reason`, whose report was held back. */
  reject(reason: string): void;
}

/**
 * The connection side of the detection: feeds a {@link WireSniffer}, holds back a decoder
 * rejection while the other wire's first frame is still arriving, and runs the grace timer.
 */
export class MismatchWatch {
  private readonly sniffer: WireSniffer;
  private readonly actions: MismatchActions;
  private sniffing = true;
  /** A decoder rejection held back (nothing is decoded any more); null when none. */
  private rejected: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly fireFn = (): void => this.fire();

  /** A watch for a node speaking `wire` with a `maxFrameBytes` limit. */
  constructor(wire: WireVersion, maxFrameBytes: number, actions: MismatchActions) {
    this.sniffer = new WireSniffer(wire, maxFrameBytes);
    this.actions = actions;
  }

  /** Takes a chunk before it is decoded; true when it must not be decoded (a rejection is held back). */
  beforeChunk(chunk: Uint8Array): boolean {
    if (this.sniffing) this.sniffing = this.sniffer.feed(chunk);
    if (this.rejected === null) return false;
    this.settle(false);
    return true;
  }

  /**
   * The decoder rejected the bytes with `reason`; true when the watch takes it over: the
   * connection is closed as a mismatch now, or the rejection is held back until the other wire's
   * first frame has arrived (at most {@link MISMATCH_GRACE_MS}).
   */
  onRejected(reason: string): boolean {
    const verdict = this.sniffer.afterRejection();
    if (verdict === "own") return false;
    if (verdict === "other") {
      this.stop();
      this.actions.mismatch(this.sniffer.reason);
      return true;
    }
    this.rejected = reason;
    this.clearTimer();
    this.timer = setTimeout(this.fireFn, MISMATCH_GRACE_MS);
    return true;
  }

  /**
   * After a decoded chunk: whole frames of the other wire while the decoder waits in mid-frame
   * (re)start the grace timer, anything else stops it. False once the watch is done (drop it).
   */
  afterChunk(): boolean {
    if (this.sniffing && this.actions.pendingBytes() > 0 && this.sniffer.wholeOther) {
      if (this.timer !== null) this.timer.refresh();
      else this.timer = setTimeout(this.fireFn, MISMATCH_GRACE_MS);
      return true;
    }
    this.clearTimer();
    return this.sniffing;
  }

  /** True while every byte received forms whole frames of the other wire. */
  get suspect(): boolean {
    return this.sniffer.wholeOther;
  }

  /** The close reason for a mismatch. */
  get reason(): string {
    return this.sniffer.reason;
  }

  /** Stops the timer (the connection is closing). */
  stop(): void {
    this.clearTimer();
    this.sniffing = false;
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Decides a held-back rejection: a mismatch once shown, the decoder's error once ruled out or at the end. */
  private settle(final: boolean): void {
    const rejected = this.rejected as string;
    const verdict = this.sniffer.afterRejection();
    if (verdict === "other") {
      this.stop();
      this.actions.mismatch(this.sniffer.reason);
    } else if (final || verdict === "own" || !this.sniffing) {
      this.stop();
      this.actions.reject(rejected);
    }
  }

  private fire(): void {
    this.timer = null;
    if (this.rejected !== null) this.settle(true);
    else if (this.actions.pendingBytes() > 0 && this.sniffer.wholeOther) this.actions.mismatch(this.sniffer.reason);
  }
}
