/**
 * Finding and reading `clusterc.json` for a command: `--config FILE`, else `clusterc.json`
 * in the working directory, else none. A config with mistakes prints its located
 * diagnostics and fails the command (exit 1).
 */
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { CONFIG_FILE, type ClustercConfig } from "../config/config-schema.ts";
import { formatDiagnostic } from "../diagnostics/format.ts";
import { CliError, describeFsError, systemErrorCode } from "./errors.ts";
import type { CliIo } from "./output.ts";

/** A config read for a command: its path, its folder (paths in it are relative to that) and its contents. */
export interface LoadedConfig {
  readonly file: string;
  readonly dir: string;
  readonly config: ClustercConfig;
}

/** Reads the command's config, if any (`explicit`: the `--config` value). Prints and throws on a bad config. */
export async function loadConfig(io: CliIo, explicit?: string): Promise<LoadedConfig | undefined> {
  const file = explicit ?? CONFIG_FILE;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if (explicit === undefined && systemErrorCode(e) === "ENOENT") return undefined;
    throw new CliError(`cannot read config '${file}': ${describeFsError(e)}`);
  }
  // Loaded only when there is a config: a command without one does not pay for the validator.
  const { readConfigText } = await import("../config/validate-config.ts");
  const result = readConfigText(text, file);
  if ("diagnostics" in result) {
    for (const d of result.diagnostics) io.err(`${formatDiagnostic(d, text)}\n`);
    throw new CliError(
      `invalid configuration in '${file}' (${result.diagnostics.length} error${result.diagnostics.length === 1 ? "" : "s"})`,
    );
  }
  return { file, dir: dirname(file), config: result.config };
}
