/**
 * Runs the real `clusterc` executable as a child process (not a test file). The one place the
 * tests locate the CLI: when the executable moves, change {@link CLI_BIN}.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers.ts";

/** The `clusterc` launcher, run with `node`. */
export const CLI_BIN: string = join(REPO_ROOT, "compiler", "bin", "clusterc.js");

/** The outcome of one run. */
export interface CliRun {
  /** Exit code (null when killed by a signal). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Working directory (default: the repository root). */
  readonly cwd?: string;
  /** Written to the child's stdin, which is then closed (default: stdin closed at once). */
  readonly input?: string;
  /** Killed with SIGKILL after this many ms (default 60 s); the run then has code null. */
  readonly timeout?: number;
  /** Destroy the read end of the child's stdout at once (the reader went away: EPIPE). */
  readonly closeStdout?: boolean;
}

/** Runs `node CLI_BIN ...args` and collects its exit code and output. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: options.cwd ?? REPO_ROOT });
    let stdout = "";
    let stderr = "";
    if (options.closeStdout === true) child.stdout.destroy();
    else child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.stdin.on("error", () => {}); // the child may exit before reading its input
    child.stdin.end(options.input ?? "");
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeout ?? 60_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
