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
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const outdir = `${root}dist`;

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: { clusterc: `${root}compiler/cli.ts` },
  outdir,
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
writeFileSync(`${outdir}/.gitignore`, "*\n");
