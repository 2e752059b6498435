/**
 * The protobufjs contender's static code, generated at bench time: protobufjs-cli's
 * `pbjs -t static-module -w es6` turns bench/proto/game.proto into
 * `bench/.gen/peers/game-pb.js` (git-ignored) at the start of the codec part, in about half a
 * second; skipped while that file is newer than the .proto and the installed protobufjs-cli.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { REPO_ROOT } from "../lib/children.ts";
import { summariseFailure } from "../lib/clusterc-gen.ts";

/** The .proto the static code is generated from (relative to the repository root). */
export const GAME_PROTO = "bench/proto/game.proto";

/** The generated static module (an ES module importing `protobufjs/minimal.js`). */
export const GAME_PB = path.join(REPO_ROOT, "bench", ".gen", "peers", "game-pb.js");

/** protobufjs-cli's package folder (a devDependency). */
function pbjsPackage(): string {
  return path.dirname(createRequire(import.meta.url).resolve("protobufjs-cli/package.json"));
}

/** True when {@link GAME_PB} is newer than the .proto and the protobufjs-cli that would write it. */
function isFresh(cli: string): boolean {
  if (!existsSync(GAME_PB)) return false;
  const inputs = Math.max(statSync(path.join(REPO_ROOT, GAME_PROTO)).mtimeMs, statSync(path.join(cli, "package.json")).mtimeMs);
  return statSync(GAME_PB).mtimeMs > inputs;
}

/**
 * Generates {@link GAME_PB} with `pbjs` unless it is fresh; returns an error text or undefined.
 * Written to a temporary name and renamed, so a concurrent run never loads half a file.
 */
export function generateProtobufjsCode(): string | undefined {
  let cli: string;
  try {
    cli = pbjsPackage();
  } catch {
    return "protobufjs-cli is not installed (npm ci installs the devDependencies)";
  }
  if (isFresh(cli)) return undefined;
  mkdirSync(path.dirname(GAME_PB), { recursive: true });
  const staging = `${GAME_PB}.${process.pid}.tmp`;
  const args = [path.join(cli, "bin", "pbjs"), "-t", "static-module", "-w", "es6", "-o", staging, GAME_PROTO];
  const run = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) {
    rmSync(staging, { force: true });
    return `pbjs failed: ${summariseFailure(run.stderr || run.stdout || run.error?.message || `exit ${run.status}`)}`;
  }
  renameSync(staging, GAME_PB);
  return undefined;
}
