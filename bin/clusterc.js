#!/usr/bin/env node
// Launcher for the `clusterc` CLI. `npm run build:cli` (also run by `prepare`, so `npm ci` and
// `npm install` produce it) bundles the compiler's TypeScript sources with esbuild into
// dist/ (git-ignored; scripts/build-cli.ts); loading it skips tsx's loader thread and the
// ~60 module resolutions through it, a large part of a cold start.
// The bundle is used only when it is at least as new as every file under compiler/ and
// package.json (`chooseEntry` in bundle-entry.js), so an edited source always wins over a
// stale bundle: the CLI then runs the sources through tsx. CLUSTERC_NO_BUNDLE=1 forces the
// sources. encode/decode always use the sources: they import generated TypeScript at run
// time, which needs tsx's loader anyway. The repository's tests import the sources directly.
import { fileURLToPath } from "node:url";
import { BUNDLE_ENTRY, chooseEntry } from "./bundle-entry.js";

const root = new URL("../", import.meta.url);
const argv = process.argv.slice(2);

let main;
if (chooseEntry({ root: fileURLToPath(root), argv, env: process.env }) === "bundle") {
  ({ main } = await import(new URL(BUNDLE_ENTRY, root).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../compiler/cli.ts"));
}
process.exitCode = await main(argv);
