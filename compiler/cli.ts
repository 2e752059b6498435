/**
 * `clusterc` command-line entry: dispatches to one module per subcommand under `cli/`.
 * Each subcommand module exports `run(args): Promise<number>` returning the exit code
 * (0 success, 1 schema/data errors, 2 usage errors).
 */
import { pathToFileURL } from "node:url";

/** A subcommand: its one-line summary and a loader for its implementation. */
interface Subcommand {
  readonly summary: string;
  readonly load: () => Promise<{ run(args: readonly string[]): Promise<number> }>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  check: { summary: "check schemas and print diagnostics", load: () => import("./cli/check.ts") },
  gen: { summary: "generate TypeScript from schemas", load: () => import("./cli/gen.ts") },
  encode: { summary: "encode a JSON value as zproto bytes (hex)", load: () => import("./cli/encode.ts") },
  decode: { summary: "decode zproto bytes (hex) to JSON", load: () => import("./cli/decode.ts") },
};

/** The usage text printed by `clusterc --help` and on usage errors. */
export function usage(): string {
  const lines = ["usage: clusterc <command> [options]", "", "commands:"];
  for (const [name, sub] of Object.entries(SUBCOMMANDS)) lines.push(`  ${name.padEnd(8)} ${sub.summary}`);
  lines.push("", "Run `clusterc <command> --help` for a command's options.");
  return lines.join("\n");
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(usage() + "\n");
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    const { CLUSTERC_VERSION } = await import("./version.ts");
    process.stdout.write(CLUSTERC_VERSION + "\n");
    return 0;
  }
  const sub = SUBCOMMANDS[command];
  if (sub === undefined) {
    process.stderr.write(`clusterc: unknown command '${command}'\n\n${usage()}\n`);
    return 2;
  }
  const mod = await sub.load();
  return mod.run(rest);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`clusterc: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
