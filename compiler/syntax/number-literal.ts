/**
 * Interpreting number literals. zproto reads numbers with C `strtoul(s, 0)`, so `010`
 * would silently mean 8 and `09` mean 0; clusterc accepts only decimal without a
 * leading zero and `0x` hex, and names every other form so checks can explain it.
 */

/** Why a literal has no value. */
export type NumberProblem = "negative" | "octal" | "invalid";

/** The reading of a number literal: a value, or the reason there is none. */
export type NumberReading = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly problem: NumberProblem };

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const HEX = /^0[xX][0-9a-fA-F]+$/;
const LEADING_ZERO = /^0[0-9]+$/;

/**
 * Reads a literal. Values beyond 2^53 lose precision but stay far above every range
 * check (65535, 0xffffffff), so the range checks still reject them.
 */
export function readNumberLiteral(text: string): NumberReading {
  if (text.startsWith("-")) return { ok: false, problem: "negative" };
  if (DECIMAL.test(text)) return { ok: true, value: Number(text) };
  if (HEX.test(text)) return { ok: true, value: Number.parseInt(text.slice(2), 16) };
  if (LEADING_ZERO.test(text)) return { ok: false, problem: "octal" };
  return { ok: false, problem: "invalid" };
}

/** The value of a literal, or `undefined` when it has none (a check reports why). */
export function numberValue(text: string): number | undefined {
  const reading = readNumberLiteral(text);
  return reading.ok ? reading.value : undefined;
}

/** Formats a number as `0x`-prefixed hex, for messages. */
export function toHex(value: number): string {
  return `0x${value.toString(16)}`;
}
