/**
 * Smoke test of the benchmark harness (`npm run bench`): a tiny run of the RPC, codec and
 * memory parts with real child processes on 127.0.0.1, checking that every contender
 * answers correctly and that no child is left behind. No performance is asserted.
 */
import { describe, expect, it } from "vitest";
import { runBench } from "../../bench/bench.ts";
import { parseBenchOptions } from "../../bench/lib/options.ts";
import { renderReport } from "../../bench/report/print.ts";
import { RPC_CONTENDERS } from "../../bench/rpc/contenders.ts";
import { CODEC_CONTENDERS } from "../../bench/codec/contenders.ts";
import { rawContender } from "../../bench/rpc/raw.ts";
import { verifyClient } from "../../bench/rpc/drive.ts";
import { generateSchema } from "../../bench/compiler/schema-gen.ts";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("bench harness", () => {
  it("runs every RPC, codec and memory contender and each answers correctly", async () => {
    const options = parseBenchOptions(["--smoke", "--no-json", "--only", "rpc,codec,memory"]);
    const results = await runBench({ options });

    // clusterc runs through its generated client and handler (createCalcClient / serveCalc).
    expect(results.clustercPath).toBe("generated client");
    const rpc = results.rpc ?? [];
    expect(rpc.map((r) => r.id)).toEqual(RPC_CONTENDERS.map((c) => c.id));
    for (const r of rpc) {
      expect({ id: r.id, status: r.status, error: r.error }).toEqual({ id: r.id, status: "ok", error: undefined });
      expect(r.verified).toBeGreaterThanOrEqual(6);
      expect(r.modes.map((m) => m.mode)).toEqual(["sequential", "inflight", "multi"]);
      for (const m of r.modes) {
        expect(m.calls).toBeGreaterThan(0);
        expect(m.wrong).toBe(0);
      }
    }

    const codec = results.codec ?? [];
    expect(codec.map((r) => r.id)).toEqual(CODEC_CONTENDERS.map((c) => c.id));
    for (const r of codec) {
      // The child checked decode(encode(sample)) against the sample before and after measuring.
      expect({ id: r.id, status: r.status, error: r.error }).toEqual({ id: r.id, status: "ok", error: undefined });
      expect(r.bytes).toBeGreaterThan(50);
      expect(r.encodeOpsPerSec).toBeGreaterThan(0);
      expect(r.decodeOpsPerSec).toBeGreaterThan(0);
    }

    for (const m of results.memory ?? []) {
      expect({ id: m.id, status: m.status, error: m.error }).toEqual({ id: m.id, status: "ok", error: undefined });
      expect(m.report?.samples.map((s) => s.calls)).toEqual([500, 1000]);
      if (m.id.startsWith("clusterc")) {
        expect(m.report?.timeouts?.pendingAfter).toBe(0);
        expect(m.report?.timeouts?.rejected).toBe(m.report?.timeouts?.calls);
      }
    }

    expect(renderReport(results)).toContain("raw TCP (ceiling)");
    // Every child process was stopped (polled within a bounded wait: exits take a while on a busy machine).
    const { execFileSync } = await import("node:child_process");
    const benchChildren = (): number[] =>
      execFileSync("ps", ["-o", "pid=", "--ppid", String(process.pid)], { encoding: "utf8" })
        .split("\n")
        .map((l) => Number(l.trim()))
        .filter((pid) => pid > 0 && isAlive(pid))
        .filter((pid) => {
          try {
            return execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" }).includes("bench/");
          } catch {
            return false;
          }
        });
    const deadline = Date.now() + 15_000;
    let left = benchChildren();
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = benchChildren();
    }
    expect(left).toEqual([]);
  }, 180_000);

  it("the raw ceiling detects a server that computes the wrong sum", async () => {
    const server = await rawContender.startServer();
    try {
      const client = await rawContender.connect(server.port);
      const liar = { ...client, add: async (a: number, b: number) => (await client.add(a, b)) + (a === 7 ? 1 : 0) };
      await expect(verifyClient(liar, "liar")).rejects.toMatchObject({ code: "wrong-answer" });
      await expect(verifyClient(client, "raw")).resolves.toBe(6);
      await client.close();
    } finally {
      await server.close();
    }
  });

  it("generates schemas with the requested number of structs and services", () => {
    const text = generateSchema(25);
    expect(text.match(/^s\d+ 0x[0-9a-f]+ \{$/gm)).toHaveLength(25);
    expect(text.match(/^service svc\d+ \{$/gm)).toHaveLength(2);
    expect(text).toContain("\ts24\n");
  });
});
