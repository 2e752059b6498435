/**
 * The pinned Node.js runtimes of `.ci/node-versions`, for tests that run children on every
 * supported release line. The binaries live in the clone's `.cache/node/` (`.ci/node.sh`);
 * one that is missing is fetched from the npm registry, bounded in time. A runtime that
 * cannot be had fails the test with the reason: it is never skipped.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const VERSIONS_FILE = join(REPO_ROOT, ".ci", "node-versions");
const NODE_SH = join(REPO_ROOT, ".ci", "node.sh");
/** `.ci/node.sh` gives npm 300 s to fetch one binary; this leaves it room to report why it failed. */
const FETCH_TIMEOUT_MS = 330_000;

/** One tested release line and the exact version pinned for it. */
export interface PinnedLine {
  readonly line: number;
  readonly version: string;
}

/** A pinned runtime ready to run. */
export interface NodeRuntime extends PinnedLine {
  /** Absolute path of its `node` binary. */
  readonly bin: string;
}

/** The tested lines, oldest first, as `.ci/node-versions` pins them. */
export function pinnedLines(): PinnedLine[] {
  const lines: PinnedLine[] = [];
  for (const row of readFileSync(VERSIONS_FILE, "utf8").split("\n")) {
    const [kind, line, version] = row.trim().split(/\s+/);
    if (kind === "line" && line !== undefined && version !== undefined) lines.push({ line: Number(line), version });
  }
  if (lines.length === 0) throw new Error(`${VERSIONS_FILE} pins no Node.js line`);
  return lines.sort((a, b) => a.line - b.line);
}

/** The main line: the whole suite runs on it in CI. */
export function mainLine(): number {
  const row = readFileSync(VERSIONS_FILE, "utf8")
    .split("\n")
    .map((r) => r.trim().split(/\s+/))
    .find(([kind]) => kind === "main");
  if (row?.[1] === undefined) throw new Error(`${VERSIONS_FILE} names no main line`);
  return Number(row[1]);
}

/** The runtime of `line`, fetched into the cache first when missing; throws with the reason when it cannot be had. */
export function nodeRuntime(line: number): NodeRuntime {
  const pin = pinnedLines().find((p) => p.line === line);
  if (pin === undefined) throw new Error(`Node ${line} is not pinned in .ci/node-versions`);
  let bin: string;
  try {
    bin = execFileSync("bash", [NODE_SH, "path", String(line)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: FETCH_TIMEOUT_MS,
    }).trim();
  } catch (error) {
    const { stderr, signal } = error as { stderr?: string; signal?: string };
    const why = signal === "SIGTERM" ? `no answer within ${FETCH_TIMEOUT_MS / 1000} s` : (stderr ?? String(error)).trim();
    throw new Error(
      `Node ${pin.version} (line ${line}) is not in .cache/node/ and could not be fetched from the npm registry: ${why}\n` +
        "Fetch the pinned runtimes with `bash .ci/node.sh fetch` on a machine that reaches the registry.",
    );
  }
  const reported = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
  if (reported !== `v${pin.version}`) throw new Error(`${bin} reports ${reported}, .ci/node-versions pins v${pin.version}`);
  return { ...pin, bin };
}

/** Every pinned runtime, oldest first. */
export function allRuntimes(): NodeRuntime[] {
  return pinnedLines().map((p) => nodeRuntime(p.line));
}

/** `env` with `runtime`'s folder first on PATH, so `#!/usr/bin/env node` scripts and `node` run on it. */
export function envWith(runtime: NodeRuntime, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, PATH: `${dirname(runtime.bin)}${delimiter}${env["PATH"] ?? ""}` };
}
