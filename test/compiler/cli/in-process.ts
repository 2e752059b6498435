/**
 * Runs the `clusterc` CLI in this process (not a test file): the CLI's own `main`, given the
 * arguments and streams of its own, so a failure mode costs no process start. Same result
 * shape as {@link runCli} of `process.ts`, which runs the real executable.
 */
import { main } from "../../../compiler/cli/main.ts";
import type { CliIo } from "../../../compiler/cli/output.ts";
import type { CliRun } from "./process.ts";

/** Options of {@link runCliInProcess}. */
export interface RunInProcessOptions {
  /** What the command reads as its stdin (default: nothing, as if stdin were closed at once). */
  readonly input?: string;
}

/** A {@link CliIo} that collects what a command writes; its stdin is `input`. */
export function createCapturedIo(input = ""): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
    readStdin: () => Promise.resolve(input),
  };
  return io;
}

/** Runs `clusterc ...args` in process (cwd: this process's) and collects its exit code and output. */
export async function runCliInProcess(args: readonly string[], options: RunInProcessOptions = {}): Promise<CliRun> {
  const io = createCapturedIo(options.input);
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}
