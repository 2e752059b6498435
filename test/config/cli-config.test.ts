/**
 * `clusterc.json` at the process level, in a folder of its own: `clusterc init` writes a valid
 * one (and refuses to replace it), `clusterc gen` with no arguments follows it and flags
 * override it, check and format take its inputs, and a bad config is a located error (exit 1).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfigText } from "../../compiler/config/validate-config.ts";
import { runCli } from "../compiler/cli/process.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clusterc-config-"));
  mkdirSync(join(dir, "schemas"));
  writeFileSync(join(dir, "schemas/calc.zp"), "slow_add 0x03 {\n\t.delay_ms:integer 1\n}\n\nservice calc {\n\tslow_add\n}\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(args, { cwd: dir });

describe("clusterc init", { timeout: 60_000 }, () => {
  it("writes a valid clusterc.json with every option at its default, then refuses to replace it", async () => {
    const first = await cli("init");
    expect(first.code).toBe(0);
    expect(first.stderr).toBe("clusterc init: wrote clusterc.json\n");
    const text = readFileSync(join(dir, "clusterc.json"), "utf8");
    expect(readConfigText(text, "clusterc.json")).toEqual({
      config: {
        $schema: "./node_modules/clusterc/config/clusterc.schema.json",
        inputs: ["schemas/*.zp"],
        gen: { out: "generated", int64: "bigint", importExtension: ".ts", runtimeImport: "@clusterc/runtime/codegen-v1", naming: "camel" },
        breaking: { level: "wire", except: [] },
      },
    });
    const again = await cli("init");
    expect(again.code).toBe(1);
    expect(again.stderr).toBe("clusterc init: error: clusterc.json already exists (use --force to replace it)\n");
    expect((await cli("init", "--force")).code).toBe(0);
  });
});

describe("commands follow clusterc.json", { timeout: 60_000 }, () => {
  it("gen with no arguments uses its inputs and options; flags override them", async () => {
    writeFileSync(join(dir, "clusterc.json"), JSON.stringify({ inputs: ["schemas/*.zp"], gen: { out: "src/gen", naming: "schema" } }));
    const run = await cli("gen");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("clusterc gen: wrote src/gen/calc.ts\n");
    const schemaNames = readFileSync(join(dir, "src/gen/calc.ts"), "utf8");
    expect(schemaNames).toContain("slow_add: (request: SlowAdd");
    expect(schemaNames).toContain("delay_ms?: number | undefined;");
    const flags = await cli("gen", "--naming", "camel", "-o", "other");
    expect(flags.code).toBe(0);
    const camel = readFileSync(join(dir, "other/calc.ts"), "utf8");
    expect(camel).toContain("slowAdd: (request: SlowAdd");
    expect(camel).toContain("delayMs?: number | undefined;");
    // The descriptor keeps the schema's name under either naming.
    expect(camel).toContain('slowAdd: { name: "slow_add"');
  });

  it("check and format with no files take its inputs", async () => {
    writeFileSync(join(dir, "clusterc.json"), JSON.stringify({ inputs: ["schemas/*.zp"] }));
    const check = await cli("check", "--format", "json");
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ files: ["schemas/calc.zp"], errors: 0 });
    const format = await cli("format", "--check");
    expect([format.code, format.stdout]).toEqual([0, ""]);
  });

  it("a bad config: exit 1, each mistake located with a caret, then one line", async () => {
    writeFileSync(join(dir, "clusterc.json"), '{\n  "inputs": ["schemas/*.zp"],\n  "gen": { "int64": "big", "outDir": "x" }\n}\n');
    const run = await cli("gen");
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toEqual([
      "clusterc.json:3:21: error[config-invalid-value]: 'gen.int64' must be one of 'bigint', 'number', got 'big'",
      '  "gen": { "int64": "big", "outDir": "x" }',
      "                    ^~~~~",
      "clusterc.json:3:28: error[config-unknown-key]: unknown key 'outDir' in 'gen' (did you mean 'out'?); known keys: out, int64, importExtension, runtimeImport, naming",
      '  "gen": { "int64": "big", "outDir": "x" }',
      "                           ^~~~~~~~",
      "clusterc gen: error: invalid configuration in 'clusterc.json' (2 errors)",
      "",
    ]);
    expect(existsSync(join(dir, "generated"))).toBe(false);
  });

  it("no files and no config: a usage error (exit 2)", async () => {
    rmSync(join(dir, "clusterc.json"));
    const run = await cli("check");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("clusterc check: error: no schema files given (and no clusterc.json here) (see 'clusterc check --help')\n");
  });
});
