/**
 * Smoke test of the overhead part (`npm run bench -- --only overhead`): a tiny run with real child
 * processes on 127.0.0.1 — the plain, one-interceptor and metrics variants of clusterc each
 * answer correctly in every round, the per-round comparison with the plain variant and the CPU
 * figures are filled in, and the targets and the table are reported. No performance is asserted.
 */
import { expect, it } from "vitest";
import { runBench } from "../../bench/bench.ts";
import { parseBenchOptions } from "../../bench/lib/options.ts";
import { renderReport } from "../../bench/report/print.ts";
import { OVERHEAD_CONTENDERS } from "../../bench/rpc/contenders.ts";

it("runs the three variants in rotating rounds and reports their ratio to the plain one", async () => {
  const results = await runBench({ options: parseBenchOptions(["--smoke", "--no-json", "--only", "overhead"]) });
  const overhead = results.overhead;
  expect(overhead?.variants.map((v) => v.id)).toEqual(OVERHEAD_CONTENDERS.map((c) => c.id));
  expect(OVERHEAD_CONTENDERS.map((c) => c.id)).toEqual(["clusterc-0.7.0", "clusterc-0.7.0+interceptor", "clusterc-0.7.0+metrics"]);
  for (const v of overhead?.variants ?? []) {
    expect({ id: v.id, status: v.status, error: v.error }).toEqual({ id: v.id, status: "ok", error: undefined });
    expect(v.rounds).toHaveLength(overhead?.rounds ?? -1);
    expect(v.wrong).toBe(0);
    for (const r of v.rounds) {
      expect(r.calls).toBeGreaterThan(0);
      expect(r.clientCpuUs).toBeGreaterThan(0);
    }
    expect(v.rateVsNone).toBeGreaterThan(0);
  }
  expect(overhead?.variants[0]?.rateVsNone).toBe(1);
  expect(results.targets.filter((t) => t.id.startsWith("overhead-")).map((t) => t.status)).not.toContain("n/a");
  expect(renderReport(results)).toContain("Overhead (issue 14)");
}, 120_000);
