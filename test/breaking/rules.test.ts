/**
 * Every rule, proven by behaviour: for each pair of the corpus the checker must report exactly
 * the expected changes, and the bytes must agree — each version's generated codec encodes a
 * probe of every message, the other version's decodes it, and a loss must show in exactly
 * the directions the checker names (and nowhere for the changes it calls safe). The
 * reference decoder's own compat vectors must agree with the checker too.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BreakingChange, Direction } from "../../compiler/breaking/index.ts";
import { CONFORMANCE_DIR } from "../codec/helpers/paths.ts";
import { CALLS, type ChangePair, SAFE, SOURCE_ONLY, WIRE } from "./corpus.ts";
import type { SchemaModel, StructModel } from "../../compiler/model/schema-model.ts";
import { breaksBytes, checkerChanges, compileOrThrow, loadVersion, removeGenerated } from "./helpers/versions.ts";
import { differences, observeBothWays } from "./helpers/wire-oracle.ts";

afterAll(removeGenerated);

function summary(changes: readonly BreakingChange[]): [string, string, readonly Direction[]][] {
  return changes.map((c) => [c.code, c.level, c.directions]);
}

/** Field names a message quotes after "drop": `drop 'name' (tag 5) and 'x' (tag 6)` → name, x. */
function droppedNames(message: string): string[] {
  const tail = message.slice(message.indexOf(" drop ") + 6).split(";")[0] ?? "";
  return [...tail.matchAll(/'([^']+)' \(tag \d+\)/g)].map((m) => m[1] ?? "");
}

async function proveByBehaviour(c: ChangePair): Promise<void> {
  const changes = checkerChanges(c.old, c.neu, { level: "source" });
  expect(summary(changes)).toEqual(c.expect.map(([code, level, directions]) => [code, level, directions]));
  const [old, neu] = await Promise.all([loadVersion(c.old, "old.zp"), loadVersion(c.neu, "new.zp")]);
  const seen = observeBothWays(old, neu);
  expect(seen.newToOld.length > 0, `new → old: ${seen.newToOld.join("; ")}`).toBe(breaksBytes(changes, "new-to-old"));
  expect(seen.oldToNew.length > 0, `old → new: ${seen.oldToNew.join("; ")}`).toBe(breaksBytes(changes, "old-to-new"));
  // Where the checker names the fields a reader drops, those are the fields that arrive lost.
  for (const change of changes.filter((x) => x.code === "field-inserted" || (x.code === "field-removed" && x.level === "wire"))) {
    const found = change.directions.includes("new-to-old") ? seen.newToOld : seen.oldToNew;
    const lost = found.flatMap((f) => /\.([^.:]+): lost$/.exec(f)?.[1] ?? []);
    expect([...new Set(lost)].sort()).toEqual(droppedNames(change.message).sort());
  }
}

describe("changes the checker calls safe lose nothing either way", () => {
  it.each(SAFE.map((c) => [c.name, c] as const))("%s", async (_name, c) => proveByBehaviour(c));
});

describe("changes that break only generated names lose nothing on the wire", () => {
  it.each(SOURCE_ONLY.map((c) => [c.name, c] as const))("%s", async (_name, c) => proveByBehaviour(c));
  it("are not reported at the default (wire) level", () => {
    for (const c of SOURCE_ONLY) expect(checkerChanges(c.old, c.neu), c.name).toEqual([]);
  });
});

describe("wire-breaking changes lose data in exactly the directions reported", () => {
  it.each(WIRE.map((c) => [c.name, c] as const))("%s", async (_name, c) => proveByBehaviour(c));
});

describe("method and service changes keep every message readable (their breakage is in calls)", () => {
  it.each(CALLS.map((c) => [c.name, c] as const))("%s", async (_name, c) => proveByBehaviour(c));
});

describe("the reference decoder's compat vectors (conformance compat.jsonl)", () => {
  interface CompatVector {
    readonly schema_a: string;
    readonly schema_b: string;
    readonly value: Record<string, unknown>;
    readonly decoded: Record<string, unknown> | null;
    readonly note: string;
  }
  const vectors = readFileSync(join(CONFORMANCE_DIR, "compat.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as CompatVector);

  it.each(vectors.map((v) => [`${v.schema_a} → ${v.schema_b}: ${v.note}`, v] as const))("%s", (_name, v) => {
    const a = readFileSync(join(CONFORMANCE_DIR, v.schema_a), "utf8");
    const b = readFileSync(join(CONFORMANCE_DIR, v.schema_b), "utf8");
    // Written with A, read with B: A is the new version and B the old one, direction new-to-old.
    const breaks = breaksBytes(checkerChanges(b, a), "new-to-old");
    const sent = JSON.stringify(v.value);
    const [writer, reader] = [compileOrThrow(a, "a.zp"), compileOrThrow(b, "b.zp")];
    const top = (m: SchemaModel): StructModel => m.structs.find((s) => s.parent === undefined)!;
    const lostByReference =
      v.decoded === null || differences({ model: writer }, top(writer), { model: reader }, top(reader), v.value, v.decoded, "").length > 0;
    // Every loss of the reference decoder is a change the checker reports; what it calls safe loses nothing.
    if (lostByReference) expect(breaks, `reference lost data of ${sent}`).toBe(true);
    if (!breaks) expect(lostByReference).toBe(false);
  });
});
