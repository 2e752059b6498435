/**
 * The naming style of the generated TypeScript, for what the server says about it (hover, the
 * rename warning) and for the checks that depend on it (`name-clash`, `case-clash`): `gen.naming`
 * of the `clusterc.json` in the workspace folder that holds the document — the file `clusterc gen`
 * and `clusterc check` read when run from that folder — else camelCase, their default. A document
 * outside every workspace folder uses the `clusterc.json` of the server's working directory.
 *
 * The config is read again whenever its size or modification time changed (one `stat` per look),
 * so an edit of it is seen without file watchers. A config that cannot be read or has mistakes
 * counts as none, and `warn` is told once per version of it (`clusterc check` shows its
 * diagnostics).
 */
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { CONFIG_FILE } from "../config/config-schema.ts";
import { readConfigText } from "../config/validate-config.ts";
import { DEFAULT_NAMING, type NamingStyle } from "../naming/ts-names.ts";

/** Where the naming of a document comes from. */
export interface WorkspaceConfig {
  /** Replaces the workspace folders (paths). */
  setRoots(roots: readonly string[]): void;
  /** The naming style for the schema at path `file`. */
  namingOf(file: string): NamingStyle;
}

/** Options of {@link createWorkspaceConfig}. */
export interface WorkspaceConfigOptions {
  /** The folder used for documents outside every workspace folder (default: the working directory). */
  readonly cwd?: string;
  /** Told about a config that is present but unusable. */
  readonly warn?: (message: string) => void;
}

interface ReadConfig {
  readonly stamp: string;
  readonly naming: NamingStyle;
}

function inside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** Creates the config reader. */
export function createWorkspaceConfig(options: WorkspaceConfigOptions = {}): WorkspaceConfig {
  let roots: readonly string[] = [];
  const read = new Map<string, ReadConfig>();

  const namingIn = (folder: string): NamingStyle => {
    const path = join(folder, CONFIG_FILE);
    let stamp: string;
    try {
      const info = statSync(path);
      stamp = `${info.size}:${info.mtimeMs}`;
    } catch {
      read.delete(path);
      return DEFAULT_NAMING;
    }
    const known = read.get(path);
    if (known?.stamp === stamp) return known.naming;
    let naming = DEFAULT_NAMING;
    try {
      const result = readConfigText(readFileSync(path, "utf8"), path);
      if ("config" in result) naming = result.config.gen?.naming ?? DEFAULT_NAMING;
      else {
        const first = result.diagnostics[0];
        options.warn?.(
          `${path}:${first?.loc.line ?? 1}: ${first?.message ?? "invalid"} — using the default naming '${DEFAULT_NAMING}' ` +
            "until it is fixed (clusterc check shows every mistake)",
        );
      }
    } catch (err: unknown) {
      options.warn?.(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
    read.set(path, { stamp, naming });
    return naming;
  };

  return {
    setRoots(next) {
      roots = [...next].sort((a, b) => b.length - a.length);
      read.clear();
    },
    namingOf(file) {
      const root = roots.find((r) => inside(r, file));
      return namingIn(root ?? options.cwd ?? process.cwd());
    },
  };
}
