/**
 * Runs the real `clusterc gen` CLI (`node compiler/bin/clusterc.js gen SCHEMA -o DIR`) for the
 * bench's own generated code, which lives in the git-ignored `bench/.gen/`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./children.ts";

/** The most telling line of a failed command's output (the first error line, else the first line). */
export function summariseFailure(output: string): string {
  const lines = output
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return lines.find((l) => /error/i.test(l) && !l.includes("triggerUncaughtException")) ?? lines[0] ?? "no output";
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * True when `outDir` holds output newer than the schema and every compiler source, so
 * running the generator again would write the same thing.
 */
export function isGenFresh(schema: string, outDir: string): boolean {
  if (!existsSync(outDir)) return false;
  const output = newestMtime(outDir);
  if (output === 0) return false;
  const inputs = Math.max(statSync(path.join(REPO_ROOT, schema)).mtimeMs, newestMtime(path.join(REPO_ROOT, "compiler")));
  return output > inputs;
}

/**
 * Generates `schema` (relative to the repo root) into `outDir` (absolute, emptied first)
 * unless that output is fresh (see {@link isGenFresh}); returns an error text or undefined.
 */
export function runClustercGen(schema: string, outDir: string): string | undefined {
  if (isGenFresh(schema, outDir)) return undefined;
  rmSync(outDir, { recursive: true, force: true });
  const run = spawnSync(process.execPath, ["compiler/bin/clusterc.js", "gen", schema, "-o", path.relative(REPO_ROOT, outDir)], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (run.status === 0) return undefined;
  return `clusterc gen failed: ${summariseFailure(run.stderr || run.stdout || run.error?.message || `exit ${run.status}`)}`;
}
