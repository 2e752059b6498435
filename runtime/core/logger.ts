/**
 * The logger seam: four levels, a message and structured fields.
 */
import { ClusterError } from "./errors.ts";

/** Structured log fields (peer address, cmd, traceId, …). */
export type LogFields = Readonly<Record<string, unknown>>;

/** What the runtime logs through. */
export interface Logger {
  /** Verbose diagnostics (late responses, dropped frames). */
  debug(message: string, fields?: LogFields): void;
  /** Normal lifecycle events. */
  info(message: string, fields?: LogFields): void;
  /** Recoverable problems (refused connections, soft size limit). */
  warn(message: string, fields?: LogFields): void;
  /** Failures (handler threw, protocol errors). */
  error(message: string, fields?: LogFields): void;
}

function noop(): void {}

/** One field value as text: a ClusterError by its message, another error as `Name: message`. */
function valueText(value: unknown): string {
  if (value instanceof ClusterError) return value.message;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return typeof value === "bigint" ? value.toString() : String(value);
}

/**
 * ` key=value …` for the fields, then — when a field holds an error that is not the runtime's own
 * (a handler's, a callback's) — that error's stack frames on the following lines, to find the bug by.
 */
function format(fields: LogFields | undefined): string {
  if (fields === undefined) return "";
  const parts: string[] = [];
  let stack = "";
  for (const [key, value] of Object.entries(fields)) {
    parts.push(`${key}=${valueText(value)}`);
    if (stack === "" && value instanceof Error && !(value instanceof ClusterError) && typeof value.stack === "string") {
      const frames = value.stack.split("\n").filter((line) => /^\s+at /.test(line));
      if (frames.length > 0) stack = `\n${frames.join("\n")}`;
    }
  }
  return parts.length > 0 ? ` ${parts.join(" ")}${stack}` : "";
}

/**
 * A quiet console logger: warn and error go to stderr as one `clusterc: message key=value …` line
 * (followed by the stack frames of a user's error), debug and info are dropped.
 */
export function createConsoleLogger(): Logger {
  return {
    debug: noop,
    info: noop,
    warn: (message, fields) => console.warn(`clusterc: ${message}${format(fields)}`),
    error: (message, fields) => console.error(`clusterc: ${message}${format(fields)}`),
  };
}

/** A logger that drops everything. */
export function createSilentLogger(): Logger {
  return { debug: noop, info: noop, warn: noop, error: noop };
}
