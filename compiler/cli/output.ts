/** The CLI's standard streams, injectable so that tests can run a command in process. */

/** Where a command writes, and what it reads for `-` (injectable for tests). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** All of the command's standard input as text (default: the process's stdin, see {@link readStdin}). */
  readStdin?(): Promise<string>;
}

/** The process's stdout/stderr. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

let stdioGuarded = false;

/**
 * Makes failed writes to stdout/stderr quiet instead of a crash with a stack (an unhandled
 * 'error' event): a reader that went away (`clusterc decode … | head -c 10`, EPIPE) simply gets
 * no more output; any other stdout failure is one line on stderr and exit code 1. Once per process.
 */
export function guardStdio(): void {
  if (stdioGuarded) return;
  stdioGuarded = true;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") {
      process.exitCode = 1;
      process.stderr.write(`clusterc: error: cannot write to stdout: ${e.code ?? e.message}\n`);
    }
    process.stdout.destroy();
  });
  process.stderr.on("error", () => process.stderr.destroy());
}

/** Message of anything thrown. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads all of stdin as text: `io`'s when it has its own, else the process's. */
export async function readStdin(io: CliIo): Promise<string> {
  if (io.readStdin !== undefined) return io.readStdin();
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
