/**
 * The line protocol between the benchmark parent and its child processes, shared by
 * both sides: a child writes `@@bench {json}\n` lines on stdout; the parent writes one
 * JSON object per line on the child's stdin. Any other stdout line is plain log output.
 */

/** Prefix of a protocol line on a child's stdout. */
export const MESSAGE_PREFIX = "@@bench ";

/** A message in either direction: a JSON object with a `type`. */
export interface BenchMessage {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** True if `value` is a JSON object with a string `type`. */
export function isBenchMessage(value: unknown): value is BenchMessage {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** Parses one protocol line (without the prefix); undefined if it is not a message. */
export function parseMessage(text: string): BenchMessage | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isBenchMessage(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Splits a stream of text chunks into complete lines, keeping the unfinished tail.
 * `push` returns the complete lines found so far, in order.
 */
export function createLineSplitter(): { push(chunk: string): string[] } {
  let tail = "";
  return {
    push(chunk) {
      const text = tail + chunk;
      const lines = text.split("\n");
      tail = lines.pop() ?? "";
      return lines;
    },
  };
}
