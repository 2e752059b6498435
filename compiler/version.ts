/**
 * The clusterc version, read once from package.json; stamped into generated headers.
 */
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

/** The version of this clusterc package, e.g. `0.1.0`. */
export const CLUSTERC_VERSION: string = pkg.version;
