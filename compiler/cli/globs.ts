/**
 * Glob patterns of schema files (`schemas/*.zp`, `**\/*.zp`): expanded on disk, or matched
 * against a list of paths (the files of a git tree). Patterns and results are relative,
 * with forward slashes. picomatch is loaded only when a pattern has glob characters, so a
 * command given plain paths does not pay for it.
 */
import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type picomatchType from "picomatch";

/** Folders never searched: dependencies and hidden folders (`.git`). */
function skipped(name: string): boolean {
  return name === "node_modules" || name.startsWith(".");
}

/** True when `pattern` has glob characters (else it is a plain path). */
export function isGlob(pattern: string): boolean {
  return /[*?[\]{}!]/.test(pattern);
}

/** `./schemas/a.zp` → `schemas/a.zp`; backslashes → slashes. */
export function normalizePattern(pattern: string): string {
  return pattern.replace(/\\/g, "/").replace(/^(\.\/)+/, "");
}

async function picomatch(): Promise<typeof picomatchType> {
  const mod = (await import("picomatch")) as { default: typeof picomatchType };
  return mod.default;
}

/** The paths of `paths` that `pattern` matches, in the order given. */
export async function matchPattern(pattern: string, paths: readonly string[]): Promise<string[]> {
  const pm = await picomatch();
  const isMatch = pm(normalizePattern(pattern));
  return paths.filter((p) => isMatch(normalizePattern(p)));
}

/** The folder a pattern's matches all lie under (`schemas` for `schemas/**\/*.zp`; `.` for none). */
export async function patternBase(pattern: string): Promise<string> {
  const pm = await picomatch();
  return pm.scan(normalizePattern(pattern)).base || ".";
}

async function walk(root: string, dir: string, out: string[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const rel = dir === "." ? e.name : `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (!skipped(e.name)) await walk(root, rel, out);
    } else out.push(rel);
  }
}

/** The files under `root` that `pattern` (relative to `root`) matches, relative to `root`, sorted. */
export async function expandPattern(pattern: string, root: string): Promise<string[]> {
  const files: string[] = [];
  await walk(root, await patternBase(pattern), files);
  return (await matchPattern(pattern, files)).sort();
}
