/**
 * Bundles the compiler's TypeScript sources (entry `compiler/cli/main.ts`) into `compiler/dist/`
 * with esbuild, for `compiler/bin/clusterc.js` (see the comment there for when the bundle is
 * used) and the published `clusterc` package.
 * Dynamic imports become separate chunks (`--splitting`), so a command loads only what it
 * needs (`clusterc check` never loads ts-morph). Packages stay external (`@clusterc/runtime`
 * among them). `compiler/dist/` sits one level below the compiler package like
 * `compiler/gen/version.ts` does, so its `../package.json` is the compiler package's both from
 * the bundle and from sources (whose version is the workspace's, checked by
 * test/packages/manifests.test.ts). Run by `npm run build`, `prepare` and `prepack`.
 */
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const outdir = `${root}compiler/dist`;
// Built next to dist/ and swapped in with renames, so a CLI starting meanwhile never sees
// an entry without its chunks.
const staging = `${root}compiler/dist.build-${process.pid}`;
const retired = `${root}compiler/dist.old-${process.pid}`;

// The published package carries the repository's license (copied first: a file newer than the
// bundle in the compiler's folder would mark the bundle stale).
copyFileSync(`${root}LICENSE`, `${root}compiler/LICENSE`);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
await build({
  entryPoints: { clusterc: `${root}compiler/cli/main.ts` },
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
if (existsSync(outdir)) renameSync(outdir, retired);
renameSync(staging, outdir);
rmSync(retired, { recursive: true, force: true });
