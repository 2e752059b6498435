/**
 * `clusterc encode/decode/gen`: the CLI round-trips every codec.jsonl vector and gives
 * exactly the generated codecs' bytes; `gen` writes deterministic files, refuses to write
 * on schema errors, and `--watch` regenerates on change and stops on SIGINT.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run as runDecode } from "../../compiler/cli/decode.ts";
import { run as runEncode } from "../../compiler/cli/encode.ts";
import { run as runGen } from "../../compiler/cli/gen.ts";
import { generateModule } from "../../compiler/gen/index.ts";
import { fromJsonValue, toHex } from "../../runtime/index.ts";
import { createCapturedIo as capture } from "../compiler/cli/in-process.ts";
import { CLI_BIN, runCli } from "../compiler/cli/process.ts";
import { compileOrThrow, loadSchema, type LoadedSchema } from "./helpers/generated.ts";
import { REPO_ROOT } from "./helpers/paths.ts";
import { readJsonl, schemaFile } from "./helpers/vectors.ts";

interface CodecVector {
  schema: string;
  message: string;
  value: unknown;
  encoded: string;
  packed: string;
  decoded: unknown;
}

const vectors = readJsonl<CodecVector>("codec.jsonl");
const generated = new Map<string, LoadedSchema>();

beforeAll(async () => {
  for (const v of vectors) if (!generated.has(v.schema)) generated.set(v.schema, await loadSchema(schemaFile(v.schema)));
}, 60_000);

describe("clusterc encode / decode", () => {
  it.each(vectors.map((v, i) => [i, v] as const))("vector #%i", async (_i, v) => {
    const schema = schemaFile(v.schema);
    const g = generated.get(v.schema)!;
    const direct = toHex(g.codec(v.message).encode(fromJsonValue(g.model, v.message, v.value)));
    const enc = capture();
    expect(await runEncode([schema, v.message, "--json", JSON.stringify(v.value)], enc)).toBe(0);
    expect(enc.stdout.trim()).toBe(direct);
    expect(enc.stdout.trim()).toBe(v.encoded);
    const encPacked = capture();
    expect(await runEncode([schema, v.message, "--json", JSON.stringify(v.value), "--packed"], encPacked)).toBe(0);
    expect(encPacked.stdout.trim()).toBe(v.packed);
    const dec = capture();
    expect(await runDecode([schema, v.message, v.encoded], dec)).toBe(0);
    expect(JSON.parse(dec.stdout)).toEqual(v.decoded);
    const decPacked = capture();
    expect(await runDecode([schema, v.message, v.packed, "--packed"], decPacked)).toBe(0);
    expect(JSON.parse(decPacked.stdout)).toEqual(v.decoded);
  });

  it("reports encode and decode errors with exit 1, usage errors with exit 2", async () => {
    const schema = schemaFile("nested.zp");
    const e1 = capture();
    expect(await runEncode([schema, "team", "--json", '{"members":[{},{"stats":{"hp":1.5}}]}'], e1)).toBe(1);
    expect(e1.stderr).toContain("team.members[1].stats.hp");
    const e2 = capture();
    expect(await runDecode([schema, "team", "0a000000"], e2)).toBe(1);
    expect(e2.stderr).toMatch(/cannot decode team/);
    const e3 = capture();
    expect(await runDecode([schema, "nosuch", "00"], e3)).toBe(1);
    expect(e3.stderr).toMatch(/no top-level struct 'nosuch'.*player, team/);
    const e4 = capture();
    expect(await runEncode([schema, "team"], e4)).toBe(2);
    const e5 = capture();
    expect(await runDecode([schema, "team", "zz"], e5)).toBe(1);
    expect(e5.stderr).toMatch(/invalid hex/);
  });

  it("works through the clusterc executable", async () => {
    const schema = schemaFile("maps.zp");
    const json = '{"by_score":[{"score":"-9223372036854775808","name":"lo"}]}';
    // The bytes the generated codec gives: the executable's encode must print them, and its
    // decode must turn them back into the JSON (both processes run at once).
    const g = generated.get("maps.zp");
    if (g === undefined) throw new Error("codec.jsonl has no maps.zp vector: its codec was not generated");
    const hex = toHex(g.codec("maps").encode(fromJsonValue(g.model, "maps", JSON.parse(json))));
    const [enc, dec] = await Promise.all([
      runCli(["encode", schema, "maps", "--json", json], { timeout: 30_000 }),
      runCli(["decode", schema, "maps", hex], { timeout: 30_000 }),
    ]);
    expect(enc.code, enc.stderr).toBe(0);
    expect(enc.stdout.trim()).toBe(hex);
    expect(dec.code, dec.stderr).toBe(0);
    expect(JSON.parse(dec.stdout)).toEqual(JSON.parse(json));
  }, 60_000);
});

describe("clusterc gen", () => {
  it("writes one file per schema, equal to generateModule, and is idempotent", async () => {
    const out = mkdtempSync(join(tmpdir(), "clusterc-gen-"));
    const io = capture();
    const schemas = [schemaFile("scalars.zp"), schemaFile("nested.zp")];
    expect(await runGen([...schemas, "-o", out, "--runtime-import", "@clusterc/runtime/codegen-v1"], io)).toBe(0);
    const model = await compileOrThrow(schemas[1]!);
    const text = readFileSync(join(out, "nested.ts"), "utf8");
    expect(text).toBe(await generateModule(model, { schemaPath: text.split("\n")[0]!.replace(/^.* from (.*) — DO NOT EDIT$/, "$1") }));
    expect(text).not.toContain(`${REPO_ROOT.replace(/\/$/, "").split("/").slice(0, 2).join("/")}/`);
    expect(existsSync(join(out, "scalars.ts"))).toBe(true);
    const again = capture();
    expect(await runGen([...schemas, "-o", out], again)).toBe(0);
    expect(again.stderr).not.toContain("wrote");
  });

  it("--int64 number and --runtime-import are applied", async () => {
    const out = mkdtempSync(join(tmpdir(), "clusterc-gen-"));
    expect(await runGen([schemaFile("scalars.zp"), "-o", out, "--int64", "number", "--runtime-import", "../rt/index.ts"], capture())).toBe(
      0,
    );
    const text = readFileSync(join(out, "scalars.ts"), "utf8");
    expect(text).toContain('from "../rt/index.ts"');
    expect(text).toContain("i64?: number | undefined;");
    expect(text).not.toContain("bigint");
    expect(
      await runGen([schemaFile("scalars.zp"), "-o", out, "--runtime-import", "../rt/index", "--import-extension", ".js"], capture()),
    ).toBe(0);
    expect(readFileSync(join(out, "scalars.ts"), "utf8")).toContain('from "../rt/index.js"');
  });

  it("prints diagnostics and writes nothing when a schema has errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clusterc-gen-"));
    const bad = join(dir, "bad.zp");
    writeFileSync(bad, "a 0x01 {\n\t.x:int32 2\n\t.y:int32 1\n}\n");
    const io = capture();
    expect(await runGen([schemaFile("scalars.zp"), bad, "-o", join(dir, "out")], io)).toBe(1);
    expect(io.stderr).toContain("bad.zp:3");
    expect(existsSync(join(dir, "out"))).toBe(false);
    const usage = capture();
    expect(await runGen(["--int64", "float", bad], usage)).toBe(2);
  });

  it("--watch regenerates on change, reports errors without exiting, and stops on abort", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clusterc-watch-"));
    const schema = join(dir, "w.zp");
    writeFileSync(schema, "w 0x01 {\n\t.a:int32 1\n}\n");
    const io = capture();
    const stop = new AbortController();
    const done = runGen([schema, "-o", join(dir, "out"), "--watch"], io, stop.signal);
    const outFile = join(dir, "out", "w.ts");
    const waitFor = async (pred: () => boolean): Promise<void> => {
      for (let i = 0; i < 300 && !pred(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(pred()).toBe(true);
    };
    await waitFor(() => existsSync(outFile));
    // The first generation is written before the folder is watched: change the schema only
    // once the command says it is watching, or the change can fall in between and be missed.
    await waitFor(() => io.stderr.includes("watching"));
    writeFileSync(schema, "w 0x01 {\n\t.a:int32 1\n\t.b:string 2\n}\n");
    await waitFor(() => readFileSync(outFile, "utf8").includes("b?: string"));
    writeFileSync(schema, "w 0x01 {\n\t.a:int32 2\n\t.b:string 1\n}\n");
    await waitFor(() => io.stderr.includes("nothing written"));
    stop.abort();
    expect(await done).toBe(0);
  }, 120_000);

  it("--watch is stopped by SIGINT", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clusterc-watch-"));
    const schema = join(dir, "w.zp");
    writeFileSync(schema, "w 0x01 {\n\t.a:int32 1\n}\n");
    const child = spawn(process.execPath, [CLI_BIN, "gen", schema, "-o", join(dir, "out"), "--watch"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    for (let i = 0; i < 200 && !stderr.includes("watching"); i++) await new Promise((r) => setTimeout(r, 100));
    expect(stderr).toContain("watching");
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  }, 40_000);
});
