/**
 * The user's logger as the runtime calls it: a throw from it never reaches the runtime (it is
 * reported once on stderr), and floods are bounded. Lines at info, warn and error level are
 * counted per message text (the messages are constant strings; what varies goes in the fields):
 * at most `burst` lines of one message per `interval` ms go through; the rest are counted, and
 * when the interval ends one line of the same level says how many were suppressed
 * (`fields.suppressed`). Debug lines are passed on unlimited: they are verbose by choice.
 */
import type { LogFields, Logger } from "./logger.ts";
import { ClusterError } from "./errors.ts";

/** How many lines of one message may go out per interval. */
export interface LogRateOptions {
  /** Lines of one message per interval before the rest are suppressed (integer >= 1, or Infinity: no limit); default 10. */
  readonly burst?: number;
  /** The interval in ms (> 0); default 10000. */
  readonly interval?: number;
}

/** {@link LogRateOptions} with the defaults applied. */
export type ResolvedLogRate = Required<LogRateOptions>;

/** Distinct messages tracked at once; beyond it the oldest window is forgotten (messages are constants, so this is a safety net). */
const MAX_MESSAGES = 512;

/** Applies the defaults and validates (throws `invalid-argument`). */
export function resolveLogRate(options: LogRateOptions | undefined, where = "logRate"): ResolvedLogRate {
  const burst = options?.burst ?? 10;
  const interval = options?.interval ?? 10_000;
  if (!((Number.isInteger(burst) && burst >= 1) || burst === Number.POSITIVE_INFINITY)) {
    throw new ClusterError("invalid-argument", `${where}.burst must be an integer >= 1 or Infinity, got ${String(burst)}`);
  }
  if (!(typeof interval === "number" && interval > 0 && Number.isFinite(interval))) {
    throw new ClusterError("invalid-argument", `${where}.interval must be a finite number > 0, got ${String(interval)}`);
  }
  return { burst, interval };
}

type Level = "info" | "warn" | "error";

/** One message's current interval. */
interface Window {
  /** The message's level and text. */
  readonly level: Level;
  readonly message: string;
  /** Lines let through in it. */
  sent: number;
  /** Lines suppressed in it. */
  suppressed: number;
  /** Its end (reports the suppressed lines). */
  timer: NodeJS.Timeout | null;
}

/** Calls `logger[level]`, swallowing what it throws (reported once per level through `report`). */
function safeCall(
  logger: Logger,
  level: keyof Logger,
  message: string,
  fields: LogFields | undefined,
  report: (level: string, error: unknown) => void,
): void {
  try {
    logger[level](message, fields);
  } catch (error) {
    report(level, error);
  }
}

/**
 * Wraps `logger` (see the file comment). `fallback` receives the one-time report of a throwing
 * logger; default `console.error`.
 */
export function guardLogger(logger: Logger, rate: ResolvedLogRate, fallback: (text: string) => void = console.error): Logger {
  const reported = new Set<string>();
  const report = (level: string, error: unknown): void => {
    if (reported.has(level)) return;
    reported.add(level);
    const text = error instanceof Error ? error.message : String(error);
    try {
      fallback(`clusterc: the logger's ${level}() threw (${text}); its later throws are ignored`);
    } catch {
      // Nowhere left to report to.
    }
  };
  const windows = new Map<string, Window>();
  /** Ends the interval of message `id`: reports what it suppressed. */
  const endWindow = (id: string, w: Window): void => {
    if (w.timer !== null) clearTimeout(w.timer);
    w.timer = null;
    if (windows.get(id) === w) windows.delete(id);
    const n = w.suppressed;
    if (n > 0) safeCall(logger, w.level, `${w.message} (${n} more suppressed)`, { suppressed: n, interval: rate.interval }, report);
  };
  const limited =
    (level: Level) =>
    (message: string, fields?: LogFields): void => {
      const id = `${level}:${message}`;
      let w = windows.get(id);
      if (w === undefined) {
        if (windows.size >= MAX_MESSAGES) {
          const [oldId, old] = windows.entries().next().value as [string, Window];
          endWindow(oldId, old);
        }
        const fresh: Window = { sent: 0, suppressed: 0, timer: null, level, message };
        fresh.timer = setTimeout(() => endWindow(id, fresh), rate.interval);
        fresh.timer.unref();
        windows.set(id, fresh);
        w = fresh;
      }
      if (w.sent < rate.burst) {
        w.sent++;
        safeCall(logger, level, message, fields, report);
      } else {
        w.suppressed++;
      }
    };
  return {
    debug: (message, fields) => safeCall(logger, "debug", message, fields, report),
    info: limited("info"),
    warn: limited("warn"),
    error: limited("error"),
  };
}
