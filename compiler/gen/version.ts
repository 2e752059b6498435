/**
 * The clusterc version, read once from the compiler package's package.json; stamped into
 * generated headers and printed by `clusterc --version`. `../package.json` is that file both
 * from this source file and from the bundle (`compiler/dist/`, also one level below it).
 */
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

/** The version of this clusterc package, e.g. `0.1.0`. */
export const CLUSTERC_VERSION: string = pkg.version;
