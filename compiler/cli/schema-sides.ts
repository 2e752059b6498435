/**
 * The two sides `clusterc breaking` compares, as sets of schema files keyed by their path
 * relative to the working directory (the key pairs a file with its other version): the
 * working tree, and what `--against` names — a git ref (`main`, `origin/main`, `HEAD~1`, a
 * tag), a folder standing for the working directory as it was (`DIR/<same paths>`), or a
 * single file (the old version of the one schema given).
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { CliError, describeFsError } from "./errors.ts";
import { checkReadableFile } from "./files.ts";
import { openGitRevision } from "./git.ts";
import { expandPattern, isGlob, matchPattern, normalizePattern, patternBase } from "./globs.ts";

/** One side: its files (key → name shown in diagnostics) and how to read one. */
export interface SchemaSide {
  /** What the side is, for messages: `working tree`, `main`, `old/`. */
  readonly label: string;
  readonly files: ReadonlyMap<string, string>;
  read(key: string): Promise<string>;
}

async function readDiskFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw new CliError(`cannot read schema '${path}': ${describeFsError(e)}`);
  }
}

/** The working tree: every file the patterns name (a plain path must exist). */
export async function workingTreeSide(patterns: readonly string[]): Promise<SchemaSide> {
  const files = new Map<string, string>();
  for (const pattern of patterns) {
    if (!isGlob(pattern)) {
      await checkReadableFile(pattern, "schema");
      files.set(normalizePattern(isAbsolute(pattern) ? relative(".", pattern) : pattern), pattern);
      continue;
    }
    const found = await expandPattern(pattern, ".");
    if (found.length === 0) throw new CliError(`no schema files match '${pattern}'`);
    for (const f of found) files.set(f, f);
  }
  return { label: "working tree", files, read: (key) => readDiskFile(files.get(key) ?? key) };
}

/** A folder standing for the working directory: the same patterns, under `dir` (absent files are simply not there). */
async function folderSide(dir: string, patterns: readonly string[]): Promise<SchemaSide> {
  const files = new Map<string, string>();
  for (const pattern of patterns) {
    const key = normalizePattern(isAbsolute(pattern) ? relative(".", pattern) : pattern);
    const found = isGlob(pattern) ? await expandPattern(pattern, dir) : existsSync(join(dir, key)) ? [key] : [];
    for (const f of found) files.set(f, join(dir, f));
  }
  return { label: dir, files, read: (key) => readDiskFile(join(dir, key)) };
}

/** A git revision: the same patterns, in the revision's tree. */
async function gitSide(ref: string, patterns: readonly string[]): Promise<SchemaSide> {
  const revision = await openGitRevision(ref, "not a file or folder");
  const files = new Map<string, string>();
  for (const pattern of patterns) {
    const key = normalizePattern(isAbsolute(pattern) ? relative(".", pattern) : pattern);
    const found = isGlob(pattern)
      ? await matchPattern(pattern, await revision.listFiles(await patternBase(pattern)))
      : (await revision.hasFile(key))
        ? [key]
        : [];
    for (const f of found.sort()) files.set(normalizePattern(f), `${ref}:${normalizePattern(f)}`);
  }
  return { label: ref, files, read: (key) => revision.readFile(key) };
}

/** The side `against` names, for the working-tree side `current` (found with `patterns`). */
export async function againstSide(against: string, patterns: readonly string[], current: SchemaSide): Promise<SchemaSide> {
  const st = statSync(against, { throwIfNoEntry: false });
  if (st?.isDirectory() === true) return folderSide(against, patterns);
  if (st === undefined) return gitSide(against, patterns);
  const [only, ...more] = current.files.keys();
  if (only === undefined || more.length > 0) {
    throw new CliError(`--against names a file ('${against}'): give exactly one schema to compare it with (got ${current.files.size})`);
  }
  return { label: against, files: new Map([[only, against]]), read: () => readDiskFile(against) };
}
