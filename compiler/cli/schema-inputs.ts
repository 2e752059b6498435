/**
 * The schema files a command works on: the files given (paths or glob patterns), else the
 * config's `inputs` (relative to the config's folder), as paths relative to the working
 * directory, in order, each once.
 */
import { join, relative } from "node:path";
import { CliError, usageError } from "./errors.ts";
import type { LoadedConfig } from "./config-file.ts";
import { expandPattern, isGlob } from "./globs.ts";

/** Expands `patterns` (relative to `root`) to files relative to `root`; a glob that matches nothing is an error. */
export async function expandPatterns(patterns: readonly string[], root: string): Promise<string[]> {
  const out: string[] = [];
  for (const pattern of patterns) {
    if (!isGlob(pattern)) {
      out.push(pattern);
      continue;
    }
    const found = await expandPattern(pattern, root);
    if (found.length === 0) throw new CliError(`no schema files match '${pattern}'${root === "." ? "" : ` in '${root}'`}`);
    out.push(...found);
  }
  return [...new Set(out)];
}

/** The schema files of `command`: `given`, else the config's inputs; none at all is a usage error. */
export async function resolveSchemaInputs(command: string, given: readonly string[], loaded: LoadedConfig | undefined): Promise<string[]> {
  if (given.length > 0) return expandPatterns(given, ".");
  const inputs = loaded?.config.inputs;
  if (loaded === undefined || inputs === undefined) {
    const why = loaded === undefined ? "and no clusterc.json here" : `and '${loaded.file}' has no 'inputs'`;
    throw usageError(command, `no schema files given (${why})`);
  }
  const found = await expandPatterns(inputs, loaded.dir);
  return found.map((f) => relative(".", join(loaded.dir, f)).split("\\").join("/"));
}
