/**
 * How the CLI fails: every failure is one line on stderr, `clusterc <command>: error: <message>`,
 * and a non-zero exit code; never a stack trace. Code that detects an expected failure (a
 * usage mistake, a file that cannot be read or written, bad input data) throws a
 * {@link CliError}; {@link reportFailures} prints it. Anything else that escapes is a bug in
 * clusterc: it is printed as one `internal error` line with {@link EXIT_INTERNAL}.
 */
import type { CliIo } from "./output.ts";

/** Exit code of success. */
export const EXIT_OK = 0;
/** Exit code of schema errors, bad input data and file-system failures. */
export const EXIT_FAILURE = 1;
/** Exit code of usage errors (unknown command or option, missing or extra arguments). */
export const EXIT_USAGE = 2;
/** Exit code of an internal error, a bug in clusterc (EX_SOFTWARE of sysexits.h). */
export const EXIT_INTERNAL = 70;

/** An expected failure of a CLI command: its message is printed as one line. */
export class CliError extends Error {
  /** The process exit code for this failure. */
  readonly exitCode: typeof EXIT_FAILURE | typeof EXIT_USAGE;

  /** Creates a failure with a one-line `message` (newlines are flattened when printed). */
  constructor(message: string, exitCode: typeof EXIT_FAILURE | typeof EXIT_USAGE = EXIT_FAILURE) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** A usage error of `command`: one line pointing at the command's help. */
export function usageError(command: string | undefined, message: string): CliError {
  const help = command === undefined ? "clusterc --help" : `clusterc ${command} --help`;
  return new CliError(`${message} (see '${help}')`, EXIT_USAGE);
}

/** Prints usage error `message` of `command` as one line on `io` and returns {@link EXIT_USAGE}. */
export function reportUsageError(command: string | undefined, io: CliIo, message: string): number {
  io.err(errorLine(command, usageError(command, message).message));
  return EXIT_USAGE;
}

/** `text` on one line: line breaks (and the blanks around them) become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/** The line printed for a failure: `clusterc <command>: error: <message>` (or `clusterc: error: …`). */
export function errorLine(command: string | undefined, message: string): string {
  return `clusterc${command === undefined ? "" : ` ${command}`}: error: ${oneLine(message)}\n`;
}

/** The line printed for an unexpected exception (a bug): its message only, never its stack. */
export function internalErrorLine(command: string | undefined, error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `clusterc${command === undefined ? "" : ` ${command}`}: internal error: ${oneLine(text)}\n`;
}

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EEXIST: "it already exists",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "the name is too long",
  EMFILE: "too many open files",
  ENFILE: "too many open files",
  EBUSY: "the resource is busy",
  EIO: "an input/output error",
};

/** The `code` of a Node.js system error (`ENOENT`, …), if `e` is one. */
export function systemErrorCode(e: unknown): string | undefined {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}

/** A short reason for a file-system error, without the path or a stack (`permission denied`). */
export function describeFsError(e: unknown): string {
  const code = systemErrorCode(e);
  const known = code === undefined ? undefined : FS_REASONS[code];
  if (known !== undefined) return known;
  return oneLine(e instanceof Error ? e.message : String(e));
}

/**
 * Runs a command's body and turns what it throws into one line on `io`'s stderr and an exit
 * code: a {@link CliError} prints its message, anything else an internal error.
 */
export async function reportFailures(command: string | undefined, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof CliError) {
      io.err(errorLine(command, e.message));
      return e.exitCode;
    }
    io.err(internalErrorLine(command, e));
    return EXIT_INTERNAL;
  }
}
