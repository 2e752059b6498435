/**
 * `clusterc check [FILE...] [--format text|json] [--naming camel|schema] [--config FILE]`:
 * compiles each schema (no FILE: the config's `inputs`) and prints its diagnostics. The
 * naming (flag, else the config's `gen.naming`) decides which names clash (`name-clash`).
 *
 * - text (default): gcc-style diagnostics and a one-line summary on **stderr** (as
 *   compilers do), nothing on stdout;
 * - json: one JSON document ({@link JsonReport}) on **stdout**, for tools.
 *
 * Exit code: 0 when no file has an error (warnings allowed), 1 when any has an error
 * (including an unreadable file), 2 on usage errors (no files, unknown option).
 */
import { readFile } from "node:fs/promises";
import { compileSchemaFile } from "../compile.ts";
import { countDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { createJsonReport, formatDiagnostic } from "../diagnostics/format.ts";
import { NAMING_STYLES, type NamingStyle } from "../naming/ts-names.ts";
import { oneOf } from "./args.ts";
import { loadConfig } from "./config-file.ts";
import { reportUsageError } from "./errors.ts";
import { resolveSchemaInputs } from "./schema-inputs.ts";
import { processIo, type CliIo } from "./output.ts";

/** Output formats of `clusterc check`. */
export type CheckFormat = "text" | "json";

/** The usage text of `clusterc check`. */
export const CHECK_USAGE = [
  "usage: clusterc check [FILE...] [--format text|json] [--naming camel|schema] [--config FILE]",
  "",
  "Checks zproto schemas (with clusterc service blocks) and prints their diagnostics.",
  "With no FILE, the 'inputs' of clusterc.json.",
  "",
  "options:",
  "  --format text          gcc-style diagnostics on stderr (default)",
  "  --format json          one JSON report on stdout: {files, errors, warnings, diagnostics[]}",
  "  --naming camel|schema  the generator's naming, for names that clash after conversion",
  "  --config FILE          the config file (default ./clusterc.json, if present)",
  "  -h, --help             print this help",
  "",
  "exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error",
].join("\n");

/** Parsed command line of `clusterc check`. */
export interface CheckArgs {
  readonly files: readonly string[];
  readonly format: CheckFormat;
  readonly help: boolean;
  readonly naming?: NamingStyle;
  readonly config?: string;
}

/** Parses `check`'s arguments; returns an error message string wrapped in `{ error }` on misuse. */
export function parseCheckArgs(args: readonly string[]): CheckArgs | { readonly error: string } {
  const files: string[] = [];
  let format: CheckFormat = "text";
  let help = false;
  let naming: NamingStyle | undefined;
  let config: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--help" || arg === "-h") {
      help = true;
    } else if (arg === "--naming" || arg.startsWith("--naming=")) {
      const value = oneOf("--naming", arg === "--naming" ? args[++i] : arg.slice("--naming=".length), NAMING_STYLES);
      if (value === undefined || typeof value === "object") return value ?? { error: "--naming needs a value" };
      naming = value;
    } else if (arg === "--config" || arg.startsWith("--config=")) {
      config = arg === "--config" ? args[++i] : arg.slice("--config=".length);
      if (config === undefined || config === "") return { error: "--config needs a file" };
    } else if (arg === "--format" || arg.startsWith("--format=")) {
      const value = arg === "--format" ? args[++i] : arg.slice("--format=".length);
      if (value !== "text" && value !== "json")
        return { error: `--format must be 'text' or 'json', got ${value === undefined ? "nothing" : `'${value}'`}` };
      format = value;
    } else if (arg === "--") {
      files.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith("-") && arg !== "-") {
      return { error: `unknown option '${arg}'` };
    } else {
      files.push(arg);
    }
  }
  return { files, format, help, ...(naming === undefined ? {} : { naming }), ...(config === undefined ? {} : { config }) };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Runs `clusterc check` and returns the exit code. */
export async function run(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseCheckArgs(args);
  if ("error" in parsed) return reportUsageError("check", io, parsed.error);
  if (parsed.help) {
    io.out(`${CHECK_USAGE}\n`);
    return 0;
  }
  const loaded = await loadConfig(io, parsed.config);
  const files = await resolveSchemaInputs("check", parsed.files, loaded);
  const naming = parsed.naming ?? loaded?.config.gen?.naming;
  const all: Diagnostic[] = [];
  for (const file of files) {
    const result = await compileSchemaFile(file, { naming });
    all.push(...result.diagnostics);
    if (parsed.format === "text" && result.diagnostics.length > 0) {
      const source = await readFile(file, "utf8").catch(() => undefined);
      for (const d of result.diagnostics) io.err(`${formatDiagnostic(d, source)}\n`);
    }
  }
  const counts = countDiagnostics(all);
  if (parsed.format === "json") {
    io.out(`${JSON.stringify(createJsonReport(files, all), null, 2)}\n`);
  } else {
    io.err(`clusterc check: ${plural(files.length, "file")}, ${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}\n`);
  }
  return counts.errors > 0 ? 1 : 0;
}
