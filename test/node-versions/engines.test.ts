/**
 * The supported Node.js versions are stated once in `engines` (the same in the workspace and both
 * packages) and tested on the lines of `.ci/node-versions`: every pinned version satisfies
 * `engines`, and every line `engines` admits from 20 up to the newest pin is pinned or odd
 * (odd lines are never LTS and never tested).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mainLine, pinnedLines, REPO_ROOT } from "./runtimes.ts";

const MANIFESTS = ["package.json", "runtime/package.json", "compiler/package.json"];

function enginesOf(manifest: string): string {
  const json = JSON.parse(readFileSync(join(REPO_ROOT, manifest), "utf8")) as { engines?: { node?: string } };
  const range = json.engines?.node;
  if (range === undefined) throw new Error(`${manifest} has no engines.node`);
  return range;
}

type Version = readonly [number, number, number];

function parse(version: string): Version {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  if (match === null) throw new Error(`not a version: ${version}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Whether `version` satisfies `range`, for the forms `engines` uses: `^x.y.z`, `>=x.y.z`, joined by `||`. */
function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split("||").some((part) => {
    const term = part.trim();
    if (term.startsWith("^")) {
      const low = parse(term.slice(1));
      return v[0] === low[0] && compare(v, low) >= 0;
    }
    if (term.startsWith(">=")) return compare(v, parse(term.slice(2))) >= 0;
    throw new Error(`engines term not understood by this test: ${term}`);
  });
}

describe("supported Node.js versions", () => {
  const range = enginesOf("package.json");

  it("engines is the same in the workspace and both packages", () => {
    expect(MANIFESTS.map(enginesOf)).toEqual(MANIFESTS.map(() => range));
  });

  it("every pinned version satisfies engines, and so does the main line", () => {
    const pins = pinnedLines();
    for (const { version } of pins) expect({ version, ok: satisfies(version, range) }).toEqual({ version, ok: true });
    expect(pins.map((p) => p.line)).toContain(mainLine());
  });

  it("every even line that engines admits up to the newest pin is pinned and tested", () => {
    const pinned = pinnedLines().map((p) => p.line);
    const newest = Math.max(...pinned);
    const admitted: number[] = [];
    for (let line = 20; line <= newest; line += 2) if (satisfies(`${line}.99.99`, range)) admitted.push(line);
    expect(admitted).toEqual(pinned);
  });

  it("engines refuses what CI does not test: Node 18, and 20 and 22 before require(esm) was unflagged", () => {
    for (const version of ["18.20.8", "20.18.3", "22.11.0", "21.7.3"])
      expect({ version, ok: satisfies(version, range) }).toEqual({ version, ok: false });
  });
});
