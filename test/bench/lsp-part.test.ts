/**
 * Smoke test of the benchmark's language server part (`npm run bench -- --only lsp`): a tiny run
 * against the real `clusterc lsp`, incremental and whole-file, where every answer (diagnostics
 * after each edit, hover, completion) must be right. No performance is asserted.
 */
import { describe, expect, it } from "vitest";
import { runBench } from "../../bench/bench.ts";
import { parseBenchOptions } from "../../bench/lib/options.ts";
import { renderReport } from "../../bench/report/print.ts";

describe("bench: the lsp part", () => {
  it("measures both servers and every answer is right", async () => {
    const results = await runBench({ options: parseBenchOptions(["--smoke", "--no-json", "--only", "lsp"]) });
    expect(results.lsp?.map((r) => [r.wholeFile, r.status, r.error, r.wrong])).toEqual([
      [false, "ok", undefined, 0],
      [true, "ok", undefined, 0],
    ]);
    for (const r of results.lsp ?? []) {
      expect(r.diagnostics?.samples).toBeGreaterThan(0);
      expect(r.syntaxErrorDiagnostics?.samples).toBeGreaterThan(0);
    }
    expect(renderReport(results)).toContain("Language server: `clusterc lsp` over stdio");
  }, 120_000);
});
