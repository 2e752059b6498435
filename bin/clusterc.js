#!/usr/bin/env node
// Launcher for the `clusterc` CLI: registers tsx's loader so the TypeScript sources run directly.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../compiler/cli.ts");
process.exitCode = await main(process.argv.slice(2));
