/**
 * `clusterc format [--check | --write] [FILE...]`: clusterc's one layout of `.zp` schemas
 * (`format/format-schema.ts`). Prints the formatted text, or with `--check` lists the files
 * that are not formatted (exit 1 if any, like `prettier --check`), or with `--write` rewrites
 * them. No FILE: the config's `inputs`; `-`: standard input. A file that does not parse is
 * reported with its syntax errors and left alone.
 */
import { readFile } from "node:fs/promises";
import { formatDiagnostic } from "../diagnostics/format.ts";
import { formatSchema } from "../format/format-schema.ts";
import { parseOptions } from "./args.ts";
import { loadConfig } from "./config-file.ts";
import { CliError, describeFsError, EXIT_FAILURE, EXIT_OK, reportUsageError } from "./errors.ts";
import { checkReadableFile, writeOutputFile } from "./files.ts";
import { processIo, readStdin, type CliIo } from "./output.ts";
import { resolveSchemaInputs } from "./schema-inputs.ts";

/** The usage text of `clusterc format`. */
export const FORMAT_USAGE = [
  "usage: clusterc format [--check | --write] [FILE...] [--config FILE]",
  "",
  "Formats zproto schemas in clusterc's one layout, keeping every comment.",
  "With no FILE, the 'inputs' of clusterc.json; '-' reads standard input.",
  "",
  "options:",
  "  (none)          print the formatted text on stdout",
  "  --check         list the files that are not formatted on stdout; exit 1 if any",
  "  --write         rewrite the files that are not formatted",
  "  --config FILE   the config file (default ./clusterc.json, if present)",
  "  -h, --help      print this help",
  "",
  "exit status: 0 done (or all formatted), 1 files not formatted (--check) or not parsed, 2 usage error",
].join("\n");

async function readSource(file: string, io: CliIo): Promise<string> {
  if (file === "-") return readStdin(io);
  await checkReadableFile(file, "schema");
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    throw new CliError(`cannot read schema '${file}': ${describeFsError(e)}`);
  }
}

/** Runs `clusterc format` and returns the exit code. */
export async function run(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseOptions(args, { flags: ["--check", "--write", "--help"], values: ["--config"], aliases: { "-h": "--help" } });
  if ("error" in parsed) return reportUsageError("format", io, parsed.error);
  if (parsed.flags.has("--help")) {
    io.out(`${FORMAT_USAGE}\n`);
    return EXIT_OK;
  }
  const check = parsed.flags.has("--check");
  const write = parsed.flags.has("--write");
  if (check && write) return reportUsageError("format", io, "--check and --write exclude each other");
  if (write && parsed.positional.includes("-")) return reportUsageError("format", io, "--write cannot rewrite standard input");
  const config = parsed.positional.length > 0 ? undefined : await loadConfig(io, parsed.values.get("--config"));
  const inputs = await resolveSchemaInputs("format", parsed.positional, config);
  let failed = false;
  const unformatted: string[] = [];
  for (const file of inputs) {
    const source = await readSource(file, io);
    const result = formatSchema(source, file === "-" ? "<stdin>" : file);
    if ("diagnostics" in result) {
      for (const d of result.diagnostics) io.err(`${formatDiagnostic(d, source)}\n`);
      failed = true;
      continue;
    }
    if (check) {
      if (result.text !== source) unformatted.push(file);
    } else if (write) {
      if (result.text !== source) {
        await writeOutputFile(file, result.text);
        io.err(`clusterc format: formatted ${file}\n`);
      }
    } else {
      io.out(result.text);
    }
  }
  for (const file of unformatted) io.out(`${file}\n`);
  if (check) {
    const n = unformatted.length;
    io.err(
      n === 0
        ? "clusterc format: all files are formatted\n"
        : `clusterc format: ${n} file${n === 1 ? " is" : "s are"} not formatted; run 'clusterc format --write'\n`,
    );
  }
  if (failed) io.err("clusterc format: some files do not parse and were left as they are\n");
  return failed || unformatted.length > 0 ? EXIT_FAILURE : EXIT_OK;
}
