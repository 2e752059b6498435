/**
 * Builds the VS Code extension in editors/vscode: bundles its client (src/extension.mts with
 * vscode-languageclient inlined; `vscode` itself is the editor's) into dist/extension.js with
 * esbuild, and copies the repository's license beside it. With `--package [--out FILE]` it then
 * packs the extension into a `.vsix` with @vscode/vsce (dependencies are in the bundle, so vsce
 * runs with --no-dependencies). Run by `npm run build -w clusterc-vscode` and `npm run package -w
 * clusterc-vscode`.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The extension's folder. */
export const EXTENSION_DIR: string = join(ROOT, "editors", "vscode");

/** Bundles the client into dist/extension.js and copies the license. */
export async function buildExtension(): Promise<void> {
  copyFileSync(join(ROOT, "LICENSE"), join(EXTENSION_DIR, "LICENSE"));
  await build({
    entryPoints: [join(EXTENSION_DIR, "src", "extension.mts")],
    outfile: join(EXTENSION_DIR, "dist", "extension.js"),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    external: ["vscode"],
    minify: true,
    logLevel: "warning",
  });
}

/** Packs the built extension into `out` with vsce; returns vsce's output. */
export function packageExtension(out: string): string {
  const vsce = join(createRequire(import.meta.url).resolve("@vscode/vsce/package.json"), "..", "vsce");
  const result = spawnSync(
    process.execPath,
    [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "--out", out],
    { cwd: EXTENSION_DIR, encoding: "utf8", timeout: 120_000 },
  );
  if (result.status !== 0) throw new Error(`vsce package failed (${result.status ?? result.signal}): ${result.stderr}${result.stdout}`);
  return result.stdout;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildExtension();
  const args = process.argv.slice(2);
  if (args.includes("--package")) {
    const { version } = JSON.parse(readFileSync(join(EXTENSION_DIR, "package.json"), "utf8")) as { version: string };
    const at = args.indexOf("--out");
    const out = at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : join(EXTENSION_DIR, `clusterc-vscode-${version}.vsix`);
    process.stdout.write(packageExtension(out));
  }
}
