/**
 * The logger seam: four levels, a message and structured fields.
 */

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

function format(fields: LogFields | undefined): string {
  if (fields === undefined) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const text = value instanceof Error ? value.message : typeof value === "bigint" ? value.toString() : String(value);
    parts.push(`${key}=${text}`);
  }
  return parts.length > 0 ? ` ${parts.join(" ")}` : "";
}

/** A quiet console logger: warn and error go to stderr, debug and info are dropped. */
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
