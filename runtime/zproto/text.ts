/**
 * String decoding for generated decoders: a per-decode Latin-1 "text window".
 *
 * Creating many small strings one by one (`String.fromCharCode`, `TextDecoder`) costs a
 * call and an allocation each. Instead, the first short ASCII string of a decode converts
 * up to {@link TEXT_WINDOW} bytes of the input from that point on into one Latin-1 string
 * (one native call: byte i becomes char i), and every short ASCII string inside that range
 * is then a `substring` of it. This is exact for ASCII bytes, which are checked first;
 * anything else (non-ASCII, or long strings) goes through {@link readUtf8}.
 *
 * Memory: V8 may represent a substring of 13+ characters as a slice of its parent, so a
 * decoded string can keep its window (at most {@link TEXT_WINDOW} bytes) alive.
 */
import { readUtf8 } from "./utf8.ts";

/**
 * What the text window needs of a decoder's reader: its input, the end of the message, and the
 * window itself. `Reader` (reader.ts) extends it, so this file does not depend on the reader.
 */
export interface TextSource {
  /** The input bytes. */
  readonly buf: Uint8Array;
  /** A view over {@link TextSource.buf}. */
  readonly view: DataView;
  /** End offset of the message being decoded in `buf` (the text window stops there). */
  limit: number;
  /** Text window: `buf[textStart..textEnd)` as a Latin-1 string. */
  text: string;
  /** Start offset of {@link TextSource.text} in `buf`. */
  textStart: number;
  /** End offset of {@link TextSource.text} in `buf`. */
  textEnd: number;
}

/** Bytes converted at once into a text window (at most; clipped to the decoded input). */
export const TEXT_WINDOW = 512;
/** Strings of at least this many bytes skip the window (TextDecoder is faster there). */
const LONG_TEXT = 64;

type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;

// Node's Buffer has a native Latin-1 conversion that also works on a plain Uint8Array.
const nativeLatin1: Latin1Slice | undefined =
  typeof Buffer === "function" ? (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice : undefined;

function latin1Window(buf: Uint8Array, start: number, end: number): string {
  if (nativeLatin1 !== undefined) return nativeLatin1.call(buf, start, end);
  let out = "";
  for (let i = start; i < end; i += 4096) out += String.fromCharCode(...buf.subarray(i, Math.min(end, i + 4096)));
  return out;
}

/** Forgets the text window (done whenever a reader starts on new input). */
export function resetText(r: TextSource): void {
  r.text = "";
  r.textStart = 0;
  r.textEnd = 0;
}

/**
 * Decodes `r.buf[start..end)` as UTF-8 (the caller has checked `end ≤ r.limit`): short
 * ASCII strings come from the reader's text window, everything else from {@link readUtf8}.
 * This is the small, inlinable path for a string inside the current window.
 */
export function readText(r: TextSource, start: number, end: number): string {
  const ts = r.textStart;
  if (start >= ts && end <= r.textEnd && end - start < LONG_TEXT && end >= 4) {
    // ASCII check, four bytes per load; the last load ends at `end` and may overlap bytes
    // before `start`: in the wire format those are the string's u32 length (< 64: no high
    // bit). If a caller's are not, a false "non-ASCII" only takes the general path.
    const v = r.view;
    let high = v.getInt32(end - 4, true);
    for (let i = start; i < end - 4; i += 4) high |= v.getInt32(i, true);
    if ((high & 0x80808080) === 0) return r.text.substring(start - ts, end - ts);
  }
  return readTextSlow(r, start, end);
}

/** {@link readText} outside the window: long, non-ASCII, or the first string of a window. */
function readTextSlow(r: TextSource, start: number, end: number): string {
  const b = r.buf;
  if (end - start >= LONG_TEXT) return readUtf8(b, start, end);
  let high = 0;
  for (let i = start; i < end; i++) high |= b[i] as number;
  if (high >= 0x80) return readUtf8(b, start, end);
  if (start >= r.textStart && end <= r.textEnd) return r.text.substring(start - r.textStart, end - r.textStart);
  const limit = r.limit;
  const we = Math.min(start + TEXT_WINDOW, limit);
  const wEnd = Math.max(we, end);
  r.text = latin1Window(b, start, wEnd);
  r.textStart = start;
  r.textEnd = wEnd;
  return r.text.substring(0, end - start);
}
