/**
 * The repository's copy of the conformance vectors (conformance/vectors/) against the upstream
 * folder it was copied from, `../shared/conformance/` beside the clone: the same files with the
 * same bytes, so the two cannot drift. A plain clone has no upstream folder beside it; then this
 * test is skipped, with that reason in its name (the tests themselves read only the copy).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const COPY = fileURLToPath(new URL("../../conformance/vectors/", import.meta.url));
const UPSTREAM = fileURLToPath(new URL("../../../shared/conformance/", import.meta.url));
const upstreamPresent = existsSync(UPSTREAM);

/** Every file under `dir`, as paths relative to it, sorted. */
function filesUnder(dir: string, root = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, root));
    else out.push(relative(root, path));
  }
  return out.sort();
}

describe("the conformance vectors in the repository", () => {
  it("are there, with the vectors every test reads", () => {
    for (const file of ["README.md", "zproto/codec.jsonl", "zproto/compat.jsonl", "frames/v070.jsonl", "frames/v071.jsonl"]) {
      expect(existsSync(join(COPY, file)), file).toBe(true);
    }
  });

  const title = upstreamPresent
    ? "equal ../shared/conformance/ byte for byte: same files, same bytes"
    : "equal ../shared/conformance/ byte for byte — skipped: no ../shared/conformance/ beside this clone to compare with";
  it.skipIf(!upstreamPresent)(title, () => {
    const files = filesUnder(UPSTREAM);
    expect(filesUnder(COPY)).toEqual(files);
    const differing = files.filter((file) => !readFileSync(join(COPY, file)).equals(readFileSync(join(UPSTREAM, file))));
    expect(differing, "files whose bytes differ from ../shared/conformance/").toEqual([]);
  });
});
