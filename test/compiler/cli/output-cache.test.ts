/**
 * The output cache of `clusterc gen` (compiler/cli/output-cache.ts): an entry is found only
 * for the same schema bytes, printed path and options; a damaged entry is a miss; `off`
 * disables it. Through the CLI: a second run on an unchanged schema is served from the cache
 * (shown by an entry altered on purpose), the output equals the uncached output, and a schema
 * with diagnostics is never cached; options from clusterc.json are part of the key.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { run as runGen } from "../../../compiler/cli/gen.ts";
import { openOutputCache } from "../../../compiler/cli/output-cache.ts";
import { createCapturedIo } from "./in-process.ts";

const temps: string[] = [];
const saved = process.env["CLUSTERC_GEN_CACHE"];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
  if (saved === undefined) delete process.env["CLUSTERC_GEN_CACHE"];
  else process.env["CLUSTERC_GEN_CACHE"] = saved;
});

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), "clusterc-gen-cache-test-"));
  temps.push(dir);
  return dir;
}

const SCHEMA = "# a point\npoint 0x01 {\n\t.x:int32 1\n\t.y:int32 2\n}\n";
const options = { int64: "bigint", importExtension: ".ts", runtimeImport: "@clusterc/runtime/codegen-v1" };

describe("gen output cache", () => {
  it("finds an entry only for the same schema bytes, path and options", () => {
    const cache = openOutputCache({ CLUSTERC_GEN_CACHE: temp() });
    expect(cache).toBeDefined();
    const key = { schema: new TextEncoder().encode(SCHEMA), schemaPath: "point.zp", options };
    expect(cache?.get(key)).toBeUndefined();
    cache?.set(key, "// text\n");
    expect(cache?.get(key)).toBe("// text\n");
    expect(cache?.get({ ...key, schema: new TextEncoder().encode(`${SCHEMA} `) })).toBeUndefined();
    expect(cache?.get({ ...key, schemaPath: "other/point.zp" })).toBeUndefined();
    expect(cache?.get({ ...key, options: { ...options, int64: "number" } })).toBeUndefined();
    expect(openOutputCache({ CLUSTERC_GEN_CACHE: "off" })).toBeUndefined();
    expect(openOutputCache({ CLUSTERC_GEN_CACHE: "0" })).toBeUndefined();
  });

  it("treats a damaged entry as a miss", () => {
    const dir = temp();
    const cache = openOutputCache({ CLUSTERC_GEN_CACHE: dir });
    const key = { schema: new TextEncoder().encode(SCHEMA), schemaPath: "point.zp", options };
    cache?.set(key, "// text\n");
    const [entry] = readdirSync(dir);
    writeFileSync(join(dir, entry as string), "// not the key\n// text\n");
    expect(cache?.get(key)).toBeUndefined();
  });

  it("serves an unchanged schema from the cache, with the same bytes as without it; never caches diagnostics", async () => {
    const dir = temp();
    const cacheDir = join(dir, "cache");
    const schema = join(dir, "point.zp");
    writeFileSync(schema, SCHEMA);
    process.env["CLUSTERC_GEN_CACHE"] = "off";
    expect(await runGen([schema, "-o", join(dir, "plain")], createCapturedIo())).toBe(0);
    const plain = readFileSync(join(dir, "plain", "point.ts"), "utf8");

    process.env["CLUSTERC_GEN_CACHE"] = cacheDir;
    expect(await runGen([schema, "-o", join(dir, "first")], createCapturedIo())).toBe(0);
    expect(readFileSync(join(dir, "first", "point.ts"), "utf8")).toBe(plain);
    const entries = readdirSync(cacheDir);
    expect(entries).toHaveLength(1);
    // Alter the entry's text (its key line kept): the next run on the unchanged schema writes it.
    const entry = join(cacheDir, entries[0] as string);
    writeFileSync(entry, readFileSync(entry, "utf8").replace("// @generated", "// @generated (from the cache)"));
    expect(await runGen([schema, "-o", join(dir, "second")], createCapturedIo())).toBe(0);
    expect(readFileSync(join(dir, "second", "point.ts"), "utf8")).toBe(plain.replace("// @generated", "// @generated (from the cache)"));

    // A changed schema misses; a schema with errors writes nothing and adds no entry.
    writeFileSync(schema, `${SCHEMA}# changed\n`);
    expect(await runGen([schema, "-o", join(dir, "third")], createCapturedIo())).toBe(0);
    expect(readFileSync(join(dir, "third", "point.ts"), "utf8")).toBe(plain);
    writeFileSync(schema, "point 0x01 {\n\t.x:nope 1\n}\n");
    const io = createCapturedIo();
    expect(await runGen([schema, "-o", join(dir, "fourth")], io)).toBe(1);
    expect(readdirSync(cacheDir)).toHaveLength(2);
  }, 60_000);

  it("keys on the options clusterc.json gives: a changed naming misses the cache", async () => {
    const dir = temp();
    process.env["CLUSTERC_GEN_CACHE"] = join(dir, "cache");
    const schema = join(dir, "hero.zp");
    writeFileSync(schema, "hero 0x01 {\n\t.max_hp:int32 1\n}\n");
    const config = join(dir, "clusterc.json");
    const gen = async (naming: string, out: string): Promise<string> => {
      writeFileSync(config, JSON.stringify({ gen: { naming } }));
      expect(await runGen([schema, "--config", config, "-o", join(dir, out)], createCapturedIo())).toBe(0);
      return readFileSync(join(dir, out, "hero.ts"), "utf8");
    };
    expect(await gen("camel", "a")).toContain("maxHp");
    const asSchema = await gen("schema", "b");
    expect(asSchema).toContain("max_hp");
    expect(asSchema).not.toContain("maxHp");
    expect(await gen("camel", "c")).toContain("maxHp");
  }, 60_000);
});
