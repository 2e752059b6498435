#!/usr/bin/env node
// Launcher for the `clusterc` CLI. The published package runs the esbuild bundle in dist/
// (built by scripts/build-cli.ts on `npm run build`, `prepare` and `prepack`); loading it
// skips tsx's loader thread and the module resolutions through it, a large part of a cold
// start. In this repository the bundle is used only when it is at least as new as every
// compiler source (`chooseEntry` in bundle-entry.js), so an edited source always wins over a
// stale bundle: the CLI then runs the sources through tsx. CLUSTERC_NO_BUNDLE=1 forces the
// sources. encode/decode import generated TypeScript at run time, so they register tsx's loader
// first whichever entry runs.
import { fileURLToPath } from "node:url";
import { BUNDLE_ENTRY, BUNDLED_COMMANDS, chooseEntry, SOURCE_ENTRY } from "./bundle-entry.js";

const root = new URL("../", import.meta.url);
const argv = process.argv.slice(2);
const entry = chooseEntry({ root: fileURLToPath(root), argv, env: process.env });

if (entry === "sources" || !BUNDLED_COMMANDS.has(argv[0])) {
  const { register } = await import("tsx/esm/api");
  register();
}
const { main } = entry === "bundle" ? await import(new URL(BUNDLE_ENTRY, root).href) : await import(new URL(SOURCE_ENTRY, root).href);
process.exitCode = await main(argv);
