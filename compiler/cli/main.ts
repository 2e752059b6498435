/**
 * `clusterc` command-line entry: dispatches to one module per subcommand in this folder.
 * Each subcommand module exports `run(args, io): Promise<number>` returning the exit code
 * (0 success, 1 schema/data/file errors, 2 usage errors, 70 internal errors). Every failure is
 * one line on stderr (`errors.ts`); {@link main} never throws and never prints a stack. Given
 * an {@link CliIo} of its own, {@link main} runs the whole CLI in process (the tests do).
 */
import { pathToFileURL } from "node:url";
import { EXIT_INTERNAL, internalErrorLine, reportFailures, reportUsageError } from "./errors.ts";
import { guardStdio, processIo, type CliIo } from "./output.ts";

/** A subcommand: its one-line summary and a loader for its implementation. */
interface Subcommand {
  readonly summary: string;
  readonly load: () => Promise<{ run(args: readonly string[], io: CliIo): Promise<number> }>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  check: { summary: "check schemas and print diagnostics", load: () => import("./check.ts") },
  gen: { summary: "generate TypeScript from schemas", load: () => import("./gen.ts") },
  encode: { summary: "encode a JSON value as zproto bytes (hex)", load: () => import("./encode.ts") },
  decode: { summary: "decode zproto bytes (hex) to JSON", load: () => import("./decode.ts") },
  call: { summary: "call a method of a running node and print the response as JSON", load: () => import("./call.ts") },
  format: { summary: "format schemas in one canonical layout", load: () => import("./format.ts") },
  breaking: { summary: "report schema changes that break old and new nodes", load: () => import("./breaking.ts") },
  init: { summary: "write a clusterc.json", load: () => import("./init.ts") },
  lsp: { summary: "run the language server for .zp files (stdio)", load: () => import("./lsp.ts") },
};

/** The usage text printed by `clusterc --help` and on usage errors. */
export function usage(): string {
  const lines = ["usage: clusterc <command> [options]", "", "commands:"];
  for (const [name, sub] of Object.entries(SUBCOMMANDS)) lines.push(`  ${name.padEnd(8)} ${sub.summary}`);
  lines.push("", "Run `clusterc <command> --help` for a command's options.");
  return lines.join("\n");
}

/**
 * Runs the CLI with the given arguments (without `node` and the script) and returns the exit
 * code. Never rejects: whatever a command throws is printed as one line (exit 70). Writes to
 * and reads from `io` (default: the process's standard streams, then guarded by
 * {@link guardStdio}).
 */
export function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  if (io === processIo) guardStdio();
  const [command, ...rest] = argv;
  const sub = command === undefined ? undefined : SUBCOMMANDS[command];
  return reportFailures(sub === undefined ? undefined : command, io, async () => {
    if (command === "--help" || command === "-h" || command === "help") {
      io.out(`${usage()}\n`);
      return 0;
    }
    if (command === "--version" || command === "-v") {
      const { CLUSTERC_VERSION } = await import("../gen/version.ts");
      io.out(`${CLUSTERC_VERSION}\n`);
      return 0;
    }
    const commands = Object.keys(SUBCOMMANDS).join(", ");
    if (command === undefined) return reportUsageError(undefined, io, `no command given; commands: ${commands}`);
    if (sub === undefined) {
      const what = command.startsWith("-") ? "option" : "command";
      return reportUsageError(undefined, io, `unknown ${what} '${command}'; commands: ${commands}`);
    }
    const mod = await sub.load();
    return mod.run(rest, io);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(internalErrorLine(undefined, err));
      process.exitCode = EXIT_INTERNAL;
    },
  );
}
