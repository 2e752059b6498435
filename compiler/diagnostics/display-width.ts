/**
 * How many terminal columns text takes: East Asian wide and fullwidth characters (CJK, most
 * emoji) take two, combining marks and zero-width characters none, everything else one — so that
 * a caret lines up under a name written in any script.
 */
import { eastAsianWidth } from "get-east-asian-width";

const COMBINING = /^\p{M}$/u;

/** True for combining marks, zero-width spaces and joiners, the word joiner and variation selectors. */
function isZeroWidth(char: string, code: number): boolean {
  return COMBINING.test(char) || (code >= 0x200b && code <= 0x200f) || code === 0x2060 || (code >= 0xfe00 && code <= 0xfe0f);
}

/** The terminal width of one code point, given as a string. */
function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  return isZeroWidth(char, code) ? 0 : eastAsianWidth(code);
}

/** The terminal width of `text` (tabs count one; callers keep tabs as they are). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** `text` with every character but tabs replaced by as many spaces as it is wide. */
export function blankOut(text: string): string {
  let out = "";
  for (const char of text) out += char === "\t" ? "\t" : " ".repeat(charWidth(char));
  return out;
}
