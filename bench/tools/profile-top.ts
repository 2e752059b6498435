/**
 * Prints the functions with the most self time in a V8 `.cpuprofile` (as written by
 * `npm run bench -- --cpu-prof`), with their share of the sampled time.
 * Usage: `npx tsx bench/tools/profile-top.ts <file.cpuprofile> [count]`
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { BenchError } from "../lib/errors.ts";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
}

/** One row of the summary: a function and its self-time share. */
export interface SelfTimeRow {
  readonly name: string;
  readonly location: string;
  readonly hits: number;
  readonly share: number;
}

/** Aggregates self hits per function (name + file + line) across the profile's nodes. */
export function summariseProfile(profile: CpuProfile): SelfTimeRow[] {
  const byKey = new Map<string, { name: string; location: string; hits: number }>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const location = url ? `${path.basename(url.replace(/^file:\/\//, ""))}:${lineNumber + 1}` : "";
    const key = `${functionName}@${location}`;
    const row = byKey.get(key) ?? { name: functionName || "(anonymous)", location, hits: 0 };
    row.hits += hits;
    byKey.set(key, row);
  }
  return [...byKey.values()].sort((a, b) => b.hits - a.hits).map((r) => ({ ...r, share: total === 0 ? 0 : r.hits / total }));
}

/** Self time per source file (node internals grouped as `node:*`, idle/GC/program kept apart). */
export function summariseByFile(rows: readonly SelfTimeRow[]): SelfTimeRow[] {
  const byFile = new Map<string, SelfTimeRow>();
  for (const r of rows) {
    const file =
      r.location === ""
        ? r.name
        : /^[a-z_]+:\d+$/.test(r.location) && !r.location.includes(".")
          ? "node:*"
          : r.location.replace(/:\d+$/, "");
    const prev = byFile.get(file);
    byFile.set(file, { name: file, location: "", hits: (prev?.hits ?? 0) + r.hits, share: (prev?.share ?? 0) + r.share });
  }
  return [...byFile.values()].sort((a, b) => b.hits - a.hits);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const file = process.argv[2];
  if (!file) throw new BenchError("usage", "usage: profile-top.ts <file.cpuprofile> [count]");
  const count = Number(process.argv[3] ?? 25);
  const rows = summariseProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
  for (const r of rows.slice(0, count)) {
    process.stdout.write(`${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name.padEnd(40)} ${r.location}\n`);
  }
  process.stdout.write("\nby file:\n");
  for (const r of summariseByFile(rows).slice(0, 15)) process.stdout.write(`${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}\n`);
}
