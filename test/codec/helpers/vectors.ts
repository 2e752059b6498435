/** Readers for the conformance vector files. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFORMANCE_DIR } from "./paths.ts";

/** Parses a `.jsonl` vector file. */
export function readJsonl<T>(name: string): T[] {
  return readFileSync(join(CONFORMANCE_DIR, name), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

/** One `# name` / `A B` pair of pack.txt or unpack.txt. */
export interface HexPair {
  readonly name: string;
  readonly a: string;
  readonly b: string;
}

/** Parses pack.txt / unpack.txt. */
export function readPairs(name: string): HexPair[] {
  const out: HexPair[] = [];
  let current = "";
  for (const line of readFileSync(join(CONFORMANCE_DIR, name), "utf8").split("\n")) {
    const t = line.trim();
    if (t === "" || t === "# END") continue;
    if (t.startsWith("#")) current = t.slice(1).trim();
    else {
      const [a = "", b = ""] = t.split(/\s+/);
      out.push({ name: current, a, b });
    }
  }
  return out;
}

/** Path of a conformance schema. */
export function schemaFile(name: string): string {
  return join(CONFORMANCE_DIR, name);
}
