/**
 * The one error class of the benchmark harness: every failure it raises carries a
 * stable code, a message and (when wrapping something caught) a `cause`.
 */

/** Closed set of harness error codes. */
export type BenchErrorCode = "usage" | "child-failed" | "child-timeout" | "protocol" | "wrong-answer" | "unavailable" | "io";

/** An error raised by the benchmark harness. */
export class BenchError extends Error {
  /** Machine-readable reason. */
  readonly code: BenchErrorCode;

  /** Creates an error with a code, a message and an optional cause. */
  constructor(code: BenchErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BenchError";
    this.code = code;
  }

  /** Turns anything caught into a BenchError (keeping it as the cause). */
  static from(err: unknown, code: BenchErrorCode = "io"): BenchError {
    if (err instanceof BenchError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new BenchError(code, message, { cause: err });
  }
}

/** A one-line description of anything caught, for tables and JSON. */
export function describeError(err: unknown): string {
  if (err instanceof BenchError) return err.message;
  if (err instanceof Error) return `${err.name === "Error" ? "" : `${err.name}: `}${err.message}`;
  return String(err);
}
