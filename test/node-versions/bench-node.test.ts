/**
 * `npm run bench` records the Node.js it ran on — version, V8, OpenSSL and which binary (a
 * pinned one of `.cache/node/` or the machine's) — in its JSON results and the report's header.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeMachine, describeNodeBinary } from "../../bench/lib/machine.ts";
import { parseBenchOptions } from "../../bench/lib/options.ts";
import { renderReport } from "../../bench/report/print.ts";
import type { BenchResults } from "../../bench/report/results.ts";
import { REPO_ROOT } from "./runtimes.ts";

describe("the Node.js of a bench run", () => {
  it("is recorded with the machine: version, V8, OpenSSL, binary", () => {
    const machine = describeMachine();
    expect(machine.node).toBe(process.version);
    expect(machine.v8).toBe(process.versions.v8);
    expect(machine.openssl).toBe(process.versions.openssl);
    expect(machine.nodeBinary).toBe(describeNodeBinary(process.execPath));
  });

  it("names a pinned runtime by its place in the clone, and any other binary by its path", () => {
    expect(describeNodeBinary(join(REPO_ROOT, ".cache", "node", "v24.22.3", "bin", "node"))).toBe(
      join(".cache", "node", "v24.22.3", "bin", "node"),
    );
    expect(describeNodeBinary("/usr/bin/node")).toBe("/usr/bin/node");
  });

  it("is printed in the report's header", () => {
    const machine = { ...describeMachine(), node: "v24.22.3", v8: "13.6", openssl: "3.5.9", nodeBinary: ".cache/node/v24.22.3/bin/node" };
    const results: BenchResults = {
      runId: "run",
      date: "2026-12-05T00:00:00.000Z",
      command: "npm run bench -- --only codec",
      machine,
      placement: { pinned: false, description: "not pinned" },
      options: parseBenchOptions(["--only", "codec"]),
      clustercPath: "generated client",
      targets: [],
      headline: [],
      durationSec: 1,
      partSeconds: {},
    };
    expect(renderReport(results).split("\n")).toContain("node:      v24.22.3 (V8 13.6, OpenSSL 3.5.9, .cache/node/v24.22.3/bin/node)");
  });
});
