/**
 * The checker against behaviour on random schemas and random edits (fast-check, seeded): for
 * every edited schema that compiles, the checker says a direction breaks exactly when
 * sending probes of every message through the two versions' generated codecs loses
 * something that way. `BREAKING_RUNS` raises the number of runs (e.g. for `npm run fuzz`).
 */
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { compileSchema } from "../../compiler/compile.ts";
import { applyEdit, editArb, printSpec, schemaSpecArb } from "./helpers/schema-spec.ts";
import { breaksBytes, checkerChanges, loadVersion, removeGenerated } from "./helpers/versions.ts";
import { observeBothWays } from "./helpers/wire-oracle.ts";

afterAll(removeGenerated);

const RUNS = Number(process.env["BREAKING_RUNS"] ?? 60);

function compiles(text: string): boolean {
  return compileSchema(text, "x.zp", { naming: "schema" }).model !== undefined;
}

it("reports a direction as breaking exactly when probes sent that way lose data", async () => {
  await fc.assert(
    fc.asyncProperty(schemaSpecArb, fc.array(editArb, { minLength: 1, maxLength: 3 }), async (spec, edits) => {
      const old = printSpec(spec);
      const neu = printSpec(edits.reduce(applyEdit, spec));
      fc.pre(compiles(old) && compiles(neu));
      const changes = checkerChanges(old, neu);
      const [o, n] = await Promise.all([loadVersion(old, "old.zp"), loadVersion(neu, "new.zp")]);
      const seen = observeBothWays(o, n);
      const report = `\n--- old\n${old}--- new\n${neu}--- checker\n${changes.map((c) => `${c.code} ${c.directions.join("+")}: ${c.message}`).join("\n")}`;
      expect(seen.newToOld.length > 0, `new → old lost: ${seen.newToOld.join("; ")}${report}`).toBe(breaksBytes(changes, "new-to-old"));
      expect(seen.oldToNew.length > 0, `old → new lost: ${seen.oldToNew.join("; ")}${report}`).toBe(breaksBytes(changes, "old-to-new"));
    }),
    { numRuns: RUNS, seed: Number(process.env["BREAKING_SEED"] ?? 17), endOnFailure: true },
  );
}, 300_000);
