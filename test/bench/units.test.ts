/** Unit tests of the bench harness's pure pieces: options, CPU lists, stats, raw framing, targets. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCpuList } from "../../bench/lib/context.ts";
import { parseBenchOptions } from "../../bench/lib/options.ts";
import { median, quantileSorted } from "../../bench/lib/stats.ts";
import { evaluateTargets } from "../../bench/report/targets.ts";
import { createFrameReader } from "../../bench/rpc/raw-framing.ts";
import type { RpcContenderResult } from "../../bench/rpc/run-rpc.ts";

describe("bench options", () => {
  it("parses scale, parts and contenders", () => {
    const o = parseBenchOptions(["--quick", "--only", "codec,rpc", "--contenders=raw,grpc", "--no-pin"]);
    expect(o).toMatchObject({ scale: "quick", parts: ["rpc", "codec"], contenders: ["raw", "grpc"], pin: false, writeJson: true });
    expect(parseBenchOptions([]).parts).toEqual(["rpc", "overhead", "discovery", "membership", "codec", "compiler", "lsp", "memory"]);
  });

  it("rejects unknown parts and options with a usage error", () => {
    expect(() => parseBenchOptions(["--only", "disk"])).toThrow(expect.objectContaining({ code: "usage" }));
    expect(() => parseBenchOptions(["--fast"])).toThrow(expect.objectContaining({ code: "usage" }));
    expect(() => parseBenchOptions(["--only"])).toThrow(expect.objectContaining({ code: "usage" }));
  });
});

describe("CPU lists and statistics", () => {
  it("expands taskset CPU lists", () => {
    expect(parseCpuList("0,1")).toEqual([0, 1]);
    expect(parseCpuList("2-4,7")).toEqual([2, 3, 4, 7]);
  });

  it("median and nearest-rank quantiles", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantileSorted(sorted, 0.5)).toBe(50);
    expect(quantileSorted(sorted, 0.99)).toBe(99);
    expect(quantileSorted(sorted, 1)).toBe(100);
  });
});

describe("raw framing", () => {
  it("yields the same frames however the stream is split (fed down to 1 byte at a time)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        (payloads, cuts) => {
          const stream = Buffer.concat(payloads.map((p) => Buffer.concat([Buffer.from(Uint32Array.of(p.length).buffer), Buffer.from(p)])));
          const reader = createFrameReader();
          const seen: string[] = [];
          let at = 0;
          for (let i = 0; at < stream.length; i++) {
            const next = Math.min(stream.length, at + cuts[i % cuts.length]!);
            reader.push(
              stream.subarray(at, next),
              (buf, start, length) => void seen.push(buf.subarray(start, start + length).toString("hex")),
            );
            at = next;
          }
          expect(seen).toEqual(payloads.map((p) => Buffer.from(p).toString("hex")));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("rejects a frame above the size limit", () => {
    const reader = createFrameReader();
    expect(() => reader.push(Buffer.from([0xff, 0xff, 0xff, 0x7f]), () => undefined)).toThrow(
      expect.objectContaining({ code: "protocol" }),
    );
  });
});

describe("targets", () => {
  const rpc = (id: string, inflight: number, p50: number): RpcContenderResult => ({
    id,
    label: id,
    status: "ok",
    modes: [
      { mode: "sequential", shape: "", calls: 1, seconds: 1, callsPerSec: 1, p50Us: p50, wrong: 0 },
      { mode: "inflight", shape: "", calls: 1, seconds: 1, callsPerSec: inflight, wrong: 0 },
    ],
  });

  it("judges RPC ratios against the raw ceiling of the same run", () => {
    const targets = evaluateTargets({ rpc: [rpc("raw", 1000, 50), rpc("clusterc-0.7.0", 600, 60), rpc("clusterc-0.7.1", 400, 55)] });
    const status = Object.fromEntries(targets.map((t) => [t.id, t.status]));
    expect(status).toMatchObject({
      "rpc-inflight-clusterc-0.7.0": "pass",
      "rpc-p50-clusterc-0.7.0": "fail",
      "rpc-inflight-clusterc-0.7.1": "fail",
      "rpc-p50-clusterc-0.7.1": "pass",
    });
  });

  it("reports n/a without the ceiling, and a compiler timeout above the limit as a failure", () => {
    const targets = evaluateTargets({
      rpc: [rpc("clusterc-0.7.0", 600, 60)],
      compiler: [
        // The unchanged-schema row counts, by its CPU time (its wall time was a wait for a CPU).
        { label: "10 hit", structs: 10, status: "ok", wallMs: 800, cpuMs: 150, outputCache: "hit" },
        { label: "10 miss", structs: 10, status: "ok", wallMs: 900, cpuMs: 700, outputCache: "miss" },
        { label: "100", structs: 100, status: "failed", timedOutMs: 5000, outputCache: "hit" },
        { label: "1000", structs: 1000, status: "skipped", outputCache: "hit" },
      ],
    });
    const status = Object.fromEntries(targets.map((t) => [t.id, t.status]));
    expect(status).toMatchObject({ "rpc-inflight-clusterc-0.7.0": "n/a", "gen-10": "pass", "gen-1000": "fail" });
    const slow = evaluateTargets({
      compiler: [{ label: "10 hit", structs: 10, status: "ok", wallMs: 200, cpuMs: 350, outputCache: "hit" }],
    });
    expect(slow.find((t) => t.id === "gen-10")?.status).toBe("fail");
  });

  it("passes the overhead targets at ≥ 90% of the plain variant's calls/s, n/a when a variant did not run", () => {
    const variant = (id: string, rateVsNone: number) => ({
      id,
      label: id,
      status: "ok" as const,
      rounds: [],
      rateVsNone,
      cpuVsNone: 1,
      wrong: 0,
    });
    const targets = evaluateTargets({
      overhead: {
        depth: 256,
        roundMs: 250,
        rounds: 3,
        variants: [variant("clusterc-0.7.0", 1), variant("clusterc-0.7.0+interceptor", 0.9), variant("clusterc-0.7.0+metrics", 0.89)],
      },
    });
    const status = Object.fromEntries(targets.map((t) => [t.id, t.status]));
    expect(status).toMatchObject({ "overhead-clusterc-0.7.0+interceptor": "pass", "overhead-clusterc-0.7.0+metrics": "fail" });
    const missing = evaluateTargets({ overhead: { depth: 256, roundMs: 250, rounds: 3, variants: [variant("clusterc-0.7.0", 1)] } });
    expect(missing.map((t) => t.status)).toEqual(["n/a", "n/a"]);
  });
});
