/**
 * How many terminal columns text takes: East Asian wide and fullwidth characters (CJK, most
 * emoji) take two, combining marks and zero-width characters none, everything else one — so that
 * a caret lines up under a name written in any script.
 */
import { eastAsianWidth } from "get-east-asian-width";

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufe00-\ufe0f]$/u;

/** The terminal width of one code point, given as a string. */
function charWidth(char: string): number {
  if (ZERO_WIDTH.test(char)) return 0;
  return eastAsianWidth(char.codePointAt(0) ?? 0);
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
