/**
 * How the generated TypeScript looks, for what the server says about it (hover, completion, the
 * rename warning) and for the checks that depend on it (`name-clash`, `case-clash`): `gen.naming`
 * and `gen.int64` of the `clusterc.json` in the workspace folder that holds the document — the file `clusterc gen`
 * and `clusterc check` read when run from that folder — else their defaults, camelCase and `bigint`. A document
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

/** The options of `clusterc gen` that shape what the server says about the generated TypeScript. */
export interface GenStyle {
  readonly naming: NamingStyle;
  /** How int64 and uint64 are represented. */
  readonly int64: "bigint" | "number";
}

/** `clusterc gen`'s defaults. */
export const DEFAULT_GEN_STYLE: GenStyle = { naming: DEFAULT_NAMING, int64: "bigint" };

/** Where the generation style of a document comes from. */
export interface WorkspaceConfig {
  /** Replaces the workspace folders (paths). */
  setRoots(roots: readonly string[]): void;
  /** The generation style for the schema at path `file`. */
  styleOf(file: string): GenStyle;
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
  readonly style: GenStyle;
}

function inside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** Creates the config reader. */
export function createWorkspaceConfig(options: WorkspaceConfigOptions = {}): WorkspaceConfig {
  let roots: readonly string[] = [];
  const read = new Map<string, ReadConfig>();

  const styleIn = (folder: string): GenStyle => {
    const path = join(folder, CONFIG_FILE);
    let stamp: string;
    try {
      const info = statSync(path);
      stamp = `${info.size}:${info.mtimeMs}`;
    } catch {
      read.delete(path);
      return DEFAULT_GEN_STYLE;
    }
    const known = read.get(path);
    if (known?.stamp === stamp) return known.style;
    let style = DEFAULT_GEN_STYLE;
    try {
      const result = readConfigText(readFileSync(path, "utf8"), path);
      if ("config" in result) {
        const gen = result.config.gen;
        style = { naming: gen?.naming ?? DEFAULT_GEN_STYLE.naming, int64: gen?.int64 ?? DEFAULT_GEN_STYLE.int64 };
      } else {
        const first = result.diagnostics[0];
        options.warn?.(
          `${path}:${first?.loc.line ?? 1}: ${first?.message ?? "invalid"} — using clusterc gen's defaults ` +
            "until it is fixed (clusterc check shows every mistake)",
        );
      }
    } catch (err: unknown) {
      options.warn?.(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
    read.set(path, { stamp, style });
    return style;
  };

  return {
    setRoots(next) {
      roots = [...next].sort((a, b) => b.length - a.length);
      read.clear();
    },
    styleOf(file) {
      const root = roots.find((r) => inside(r, file));
      return styleIn(root ?? options.cwd ?? process.cwd());
    },
  };
}
