/**
 * Smoke test of the bench's discovery part (`npm run bench -- --only discovery`): a tiny run with
 * real child processes — three members, a caller per variant — in which every variant answers
 * correctly and the issue-12 target is evaluated. No performance is asserted.
 */
import { describe, expect, it } from "vitest";
import { runBench } from "../../bench/bench.ts";
import { DISCOVERY_VARIANTS } from "../../bench/discovery/run-discovery.ts";
import { parseBenchOptions } from "../../bench/lib/options.ts";
import { renderReport } from "../../bench/report/print.ts";

describe("bench discovery part", () => {
  it("runs direct and by-name callers over three members, all answering correctly", async () => {
    const results = await runBench({ options: parseBenchOptions(["--smoke", "--no-json", "--no-pin", "--only", "discovery"]) });
    const d = results.discovery;
    expect(d?.members).toBe(3);
    expect(d?.variants.map((v) => v.id)).toEqual(DISCOVERY_VARIANTS.map((v) => v.id));
    for (const v of d?.variants ?? []) {
      expect({ id: v.id, status: v.status, error: v.error }).toEqual({ id: v.id, status: "ok", error: undefined });
      expect(v.wrong).toBe(0);
      // Two rounds each; direct runs next to every by-name round.
      expect(v.rounds).toHaveLength(v.id === "direct" ? 2 * (DISCOVERY_VARIANTS.length - 1) : 2);
      for (const r of v.rounds) expect(r.calls).toBeGreaterThan(0);
      expect(v.rateVsDirect).toBeGreaterThan(0);
    }
    const target = results.targets.find((t) => t.id === "discovery-round-robin");
    expect(target?.status).toMatch(/^(pass|fail)$/);
    expect(renderReport(results)).toContain("by service name, round-robin");
  }, 90_000);
});
