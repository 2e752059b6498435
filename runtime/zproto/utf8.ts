/**
 * UTF-8 helpers for the codec: short strings are converted by hand (faster than the
 * TextEncoder/TextDecoder call overhead), long ones through TextEncoder/TextDecoder.
 * Lone surrogates are written as U+FFFD, exactly like TextEncoder; invalid UTF-8 is
 * decoded with U+FFFD replacements, like TextDecoder (zproto does not check strings).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8");

/** Strings shorter than this are encoded by the hand-written loop. */
const SHORT_ENCODE = 48;
/** Byte runs shorter than this are decoded by the hand-written ASCII loop. */
const SHORT_DECODE = 64;

/** The number of UTF-8 bytes `s` takes (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Writes `s` as UTF-8 into `buf` at `pos` and returns the position after it. The caller
 * guarantees room for `s.length * 3` bytes. Small enough to be inlined into the string
 * writers: ASCII in a loop with one test per character, the rest in {@link writeUtf8Rest}.
 */
export function writeUtf8(buf: Uint8Array, pos: number, s: string): number {
  const len = s.length;
  if (len >= SHORT_ENCODE) return pos + encoder.encodeInto(s, buf.subarray(pos)).written;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return writeUtf8Rest(buf, pos + i, s, i);
    buf[pos + i] = c;
  }
  return pos + len;
}

/** Writes `s` from character `from` on (not ASCII) at `pos`; returns the position after it. */
function writeUtf8Rest(buf: Uint8Array, pos: number, s: string, from: number): number {
  const len = s.length;
  let p = pos;
  for (let i = from; i < len; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[p++] = c;
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = c <= 0xdbff && i + 1 < len ? s.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[p++] = 0xf0 | (c >> 18);
          buf[p++] = 0x80 | ((c >> 12) & 0x3f);
          buf[p++] = 0x80 | ((c >> 6) & 0x3f);
          buf[p++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

const fromCharCode = String.fromCharCode;

/**
 * Decodes `buf[start..end)` as UTF-8 (the caller has checked the bounds). Short ASCII runs
 * are built eight characters per `String.fromCharCode` call (few intermediate strings).
 */
export function readUtf8(buf: Uint8Array, start: number, end: number): string {
  if (end - start >= SHORT_DECODE) return decoder.decode(buf.subarray(start, end));
  let out = "";
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const c0 = buf[i] as number;
    const c1 = buf[i + 1] as number;
    const c2 = buf[i + 2] as number;
    const c3 = buf[i + 3] as number;
    const c4 = buf[i + 4] as number;
    const c5 = buf[i + 5] as number;
    const c6 = buf[i + 6] as number;
    const c7 = buf[i + 7] as number;
    if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) >= 0x80) return decoder.decode(buf.subarray(start, end));
    out += fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7);
  }
  const rest = end - i;
  if (rest === 0) return out;
  let high = 0;
  for (let k = i; k < end; k++) high |= buf[k] as number;
  if (high >= 0x80) return decoder.decode(buf.subarray(start, end));
  const b = buf;
  let tail: string;
  switch (rest) {
    case 1:
      tail = fromCharCode(b[i] as number);
      break;
    case 2:
      tail = fromCharCode(b[i] as number, b[i + 1] as number);
      break;
    case 3:
      tail = fromCharCode(b[i] as number, b[i + 1] as number, b[i + 2] as number);
      break;
    case 4:
      tail = fromCharCode(b[i] as number, b[i + 1] as number, b[i + 2] as number, b[i + 3] as number);
      break;
    case 5:
      tail = fromCharCode(b[i] as number, b[i + 1] as number, b[i + 2] as number, b[i + 3] as number, b[i + 4] as number);
      break;
    case 6:
      tail = fromCharCode(
        b[i] as number,
        b[i + 1] as number,
        b[i + 2] as number,
        b[i + 3] as number,
        b[i + 4] as number,
        b[i + 5] as number,
      );
      break;
    default:
      tail = fromCharCode(
        b[i] as number,
        b[i + 1] as number,
        b[i + 2] as number,
        b[i + 3] as number,
        b[i + 4] as number,
        b[i + 5] as number,
        b[i + 6] as number,
      );
  }
  return out === "" ? tail : out + tail;
}
