// Chooses how bin/clusterc.js runs the compiler: the esbuild bundle in dist/ or, in this
// repository, the TypeScript sources through tsx (plain JavaScript: it runs before any
// TypeScript loader).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Subcommands the bundle serves; encode/decode import generated TypeScript, so they need tsx anyway. */
export const BUNDLED_COMMANDS = new Set([
  undefined,
  "gen",
  "check",
  "format",
  "breaking",
  "init",
  "lsp",
  "--version",
  "-v",
  "--help",
  "-h",
  "help",
]);

/** The bundle's entry, relative to the compiler package's root (written by scripts/build-cli.ts). */
export const BUNDLE_ENTRY = "dist/clusterc.mjs";

/** The sources' entry, relative to the compiler package's root (absent from the published package). */
export const SOURCE_ENTRY = "cli/main.ts";

/**
 * Newest modification time (ms) of the files under `dir`, recursively; 0 when it is missing.
 * @param {string} dir
 * @returns {number}
 */
function newestMtime(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Whether `bundle` exists and is at least as new as every file under `sourceDirs` and every
 * file in `sourceFiles`: a source edited after the build makes the bundle stale.
 * @param {{ bundle: string, sourceDirs: readonly string[], sourceFiles?: readonly string[] }} options
 * @returns {boolean}
 */
export function isBundleFresh(options) {
  let built;
  try {
    built = statSync(options.bundle).mtimeMs;
  } catch {
    return false;
  }
  for (const dir of options.sourceDirs) if (newestMtime(dir) > built) return false;
  for (const file of options.sourceFiles ?? []) {
    try {
      if (statSync(file).mtimeMs > built) return false;
    } catch {
      // A missing file cannot be newer.
    }
  }
  return true;
}

/** Folders under the package root that hold no compiler sources (skipped by the freshness check). */
const NOT_SOURCES = new Set(["dist", "bin", "node_modules"]);

/**
 * "bundle" when the package ships no sources (an installed `clusterc`: the bundle is all there
 * is), or when the command is one the bundle serves, `CLUSTERC_NO_BUNDLE` is unset and the bundle
 * is at least as new as every source file under `root` (the compiler package's folder) and its
 * package.json; otherwise "sources". A stale bundle is therefore never run in the repository.
 * @param {{ root: string, argv: readonly string[], env: Record<string, string | undefined> }} options
 * @returns {"bundle" | "sources"}
 */
export function chooseEntry(options) {
  if (!existsSync(join(options.root, SOURCE_ENTRY))) return "bundle";
  if (options.env.CLUSTERC_NO_BUNDLE !== undefined || !BUNDLED_COMMANDS.has(options.argv[0])) return "sources";
  const sourceDirs = readdirSync(options.root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !NOT_SOURCES.has(e.name))
    .map((e) => join(options.root, e.name));
  const sourceFiles = readdirSync(options.root, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(options.root, e.name));
  const fresh = isBundleFresh({ bundle: join(options.root, BUNDLE_ENTRY), sourceDirs, sourceFiles });
  return fresh ? "bundle" : "sources";
}
