/**
 * Bundles the compiler's TypeScript sources (entry `compiler/cli.ts`) into `dist/` with
 * esbuild, for `bin/clusterc.js` (see the comment there for when the bundle is used).
 * Dynamic imports become separate chunks (`--splitting`), so a command loads only what it
 * needs (`clusterc check` never loads ts-morph). Packages stay external. `dist/` sits one
 * level below the root like `compiler/`, so paths relative to `import.meta.url` (the
 * package.json read by `version.ts`, package resolution) resolve the same as from sources.
 * Run by `npm run build:cli` and by `prepare`.
 */
import { build } from "esbuild";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const outdir = `${root}dist`;
// Built next to dist/ and swapped in with renames, so a CLI starting meanwhile never sees
// an entry without its chunks.
const staging = `${root}dist.build-${process.pid}`;
const retired = `${root}dist.old-${process.pid}`;

rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
await build({
  entryPoints: { clusterc: `${root}compiler/cli.ts` },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  outExtension: { ".js": ".mjs" },
  logLevel: "warning",
});
// Build output, never committed.
writeFileSync(`${staging}/.gitignore`, "*\n");
if (existsSync(outdir)) renameSync(outdir, retired);
renameSync(staging, outdir);
rmSync(retired, { recursive: true, force: true });
