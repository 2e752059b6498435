/** Positions in test texts, found by searching (so tests read as "the second `item`", not as line numbers). */
import type { Position } from "vscode-languageserver-protocol";

/** The position of the `nth` (0-based) occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, nth = 0, delta = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' occurs fewer than ${nth + 1} times`);
  }
  return positionAtOffset(text, at + delta);
}

/** The position of an offset (lines split at \n, \r\n or \r). */
export function positionAtOffset(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
}

/** Applies protocol text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: ReadonlyArray<{ range: { start: Position; end: Position }; newText: string }>): string {
  const offsetAt = (p: Position): number => {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === "\n" || (text[i] === "\r" && text[i + 1] !== "\n")) starts.push(i + 1);
    }
    return (starts[p.line] ?? text.length) + p.character;
  };
  const sorted = [...edits].sort((a, b) => offsetAt(b.range.start) - offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(e.range.start)) + e.newText + out.slice(offsetAt(e.range.end));
  return out;
}
