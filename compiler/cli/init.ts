/**
 * `clusterc init`: writes a `clusterc.json` with every option at its default (so the file
 * shows what can be set) and the `$schema` key that lets editors complete and check it.
 * Refuses to replace an existing one unless `--force`.
 */
import { existsSync, readdirSync } from "node:fs";
import { parseOptions } from "./args.ts";
import { CONFIG_FILE } from "../config/config-schema.ts";
import { CliError, EXIT_OK, reportUsageError } from "./errors.ts";
import { writeOutputFile } from "./files.ts";
import { processIo, type CliIo } from "./output.ts";

/** The usage text of `clusterc init`. */
export const INIT_USAGE = [
  "usage: clusterc init [--force]",
  "",
  "Writes clusterc.json in the working directory: the schemas (inputs), every option of",
  "'clusterc gen' and of 'clusterc breaking' at its default, and a $schema for editors.",
  "",
  "options:",
  "  --force      replace an existing clusterc.json",
  "  -h, --help   print this help",
].join("\n");

/** Where editors find the config's JSON Schema once clusterc is installed. */
export const SCHEMA_REF = "./node_modules/clusterc/config/clusterc.schema.json";

/** The inputs `init` proposes: `schemas/*.zp` when that folder holds schemas, `*.zp` when this folder does. */
function guessInputs(): string {
  const has = (dir: string): boolean => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(".zp"));
  if (has("schemas")) return "schemas/*.zp";
  return has(".") ? "*.zp" : "schemas/*.zp";
}

/** The text of a new `clusterc.json`. */
export function initialConfig(inputs: string): string {
  const config = {
    $schema: SCHEMA_REF,
    inputs: [inputs],
    gen: { out: "generated", int64: "bigint", importExtension: ".ts", runtimeImport: "@clusterc/runtime/codegen-v1", naming: "camel" },
    breaking: { level: "wire", except: [] },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Runs `clusterc init` and returns the exit code. */
export async function run(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseOptions(args, { flags: ["--force", "--help"], aliases: { "-h": "--help" } });
  if ("error" in parsed) return reportUsageError("init", io, parsed.error);
  if (parsed.flags.has("--help")) {
    io.out(`${INIT_USAGE}\n`);
    return EXIT_OK;
  }
  if (parsed.positional.length > 0) return reportUsageError("init", io, `unexpected argument '${parsed.positional[0]}'`);
  if (existsSync(CONFIG_FILE) && !parsed.flags.has("--force")) {
    throw new CliError(`${CONFIG_FILE} already exists (use --force to replace it)`);
  }
  await writeOutputFile(CONFIG_FILE, initialConfig(guessInputs()));
  io.err(`clusterc init: wrote ${CONFIG_FILE}\n`);
  return EXIT_OK;
}
