import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSchema } from "../../compiler/compile.ts";
import type { SchemaModel, StructModel } from "../../compiler/model/schema-model.ts";
import { ZPROTO_DIR } from "./helpers.ts";

const GOOD = readdirSync(ZPROTO_DIR)
  .filter((f) => f.endsWith(".zp"))
  .sort();

function compileGood(name: string): SchemaModel {
  const result = compileSchema(readFileSync(join(ZPROTO_DIR, name), "utf8"), name);
  expect(result.diagnostics).toEqual([]);
  if (result.model === undefined) throw new TypeError(`no model for ${name}`);
  return result.model;
}

function struct(model: SchemaModel, qualifiedName: string): StructModel {
  const found = model.structs.find((s) => s.qualifiedName === qualifiedName);
  if (found === undefined) throw new TypeError(`no struct ${qualifiedName}`);
  return found;
}

describe("zproto's schemas (conformance/zproto/*.zp)", () => {
  it("there are 13 of them", () => {
    expect(GOOD).toHaveLength(13);
  });

  it.each(GOOD)("%s compiles without any diagnostic", (name) => {
    const model = compileGood(name);
    expect(model.file).toBe(name);
    expect(model.structs.length).toBeGreaterThan(0);
  });

  it("scalars.zp: every type name with its canonical kind, width and spelling", () => {
    const s = struct(compileGood("scalars.zp"), "scalars");
    expect(s.protocolTag).toBe(1);
    const view = s.fields.map((f) => [
      f.name,
      f.tag,
      f.shape,
      f.type.kind === "scalar" ? [f.type.scalar, f.type.width, f.type.spelling] : f.type.struct,
    ]);
    expect(view).toEqual([
      ["b", 1, "single", ["boolean", 1, "boolean"]],
      ["i8", 2, "single", ["int8", 1, "byte"]],
      ["u8", 3, "single", ["uint8", 1, "ubyte"]],
      ["i16", 4, "single", ["int16", 2, "short"]],
      ["u16", 5, "single", ["uint16", 2, "ushort"]],
      ["i32", 6, "single", ["int32", 4, "int32"]],
      ["u32", 7, "single", ["uint32", 4, "uint32"]],
      ["i64", 8, "single", ["int64", 8, "int64"]],
      ["u64", 9, "single", ["uint64", 8, "uint64"]],
      ["f", 10, "single", ["float", 4, "float"]],
      ["s", 11, "single", ["string", 0, "string"]],
      ["bl", 12, "single", ["blob", 0, "blob"]],
      ["di", 13, "single", ["int32", 4, "integer"]],
      ["du", 14, "single", ["uint32", 4, "uinteger"]],
      ["dl", 15, "single", ["int64", 8, "long"]],
      ["dul", 16, "single", ["uint64", 8, "ulong"]],
      ["bs", 17, "single", ["string", 0, "byte[]"]],
      ["ubs", 18, "single", ["blob", 0, "ubyte[]"]],
    ]);
  });

  it("arrays.zp: arrays of scalars and structs, and a map", () => {
    const s = struct(compileGood("arrays.zp"), "arrays");
    expect(s.fields.find((f) => f.name === "i16s")).toMatchObject({ shape: "array", type: { scalar: "int16", width: 2 } });
    expect(s.fields.find((f) => f.name === "pairs")).toMatchObject({ shape: "array", type: { kind: "struct", struct: "pair" } });
    expect(s.fields.find((f) => f.name === "bykey")).toMatchObject({ shape: "map", mapKey: "k", type: { kind: "struct", struct: "pair" } });
    expect(s.fields.find((f) => f.name === "pairs")?.mapKey).toBeUndefined();
  });

  it("maps.zp: map keys of every scalar kind", () => {
    const s = struct(compileGood("maps.zp"), "maps");
    expect(s.fields.map((f) => [f.name, f.shape, f.mapKey])).toEqual([
      ["by_id", "map", "id"],
      ["by_name", "map", "name"],
      ["by_score", "map", "score"],
      ["by_code", "map", "code"],
    ]);
  });

  it("nested.zp: qualified names, parents, nesting lists and dependency order", () => {
    const model = compileGood("nested.zp");
    expect(model.structs.map((s) => s.qualifiedName)).toEqual(["vec3", "player.stats.buff", "player.stats", "player", "team"]);
    expect(struct(model, "player.stats.buff")).toMatchObject({ name: "buff", parent: "player.stats", protocolTag: 0 });
    expect(struct(model, "player")).toMatchObject({ protocolTag: 0x10, nested: ["player.stats"] });
    expect(struct(model, "player").parent).toBeUndefined();
    const stats = struct(model, "player.stats");
    expect(stats.fields.find((f) => f.name === "buffs")?.type).toEqual({ kind: "struct", struct: "player.stats.buff" });
    expect(struct(model, "player").fields.find((f) => f.name === "by_hp")).toMatchObject({
      shape: "map",
      mapKey: "hp",
      type: { struct: "player.stats" },
    });
    // every struct refers only to structs listed before it
    const seen = new Set<string>();
    for (const s of model.structs) {
      for (const f of s.fields) if (f.type.kind === "struct") expect(seen.has(f.type.struct)).toBe(true);
      seen.add(s.qualifiedName);
    }
  });

  it("sparse.zp: tags with gaps, an empty struct, tag 32767", () => {
    const model = compileGood("sparse.zp");
    expect(struct(model, "sparse").fields.map((f) => f.tag)).toEqual([5, 9, 10, 300, 32767]);
    expect(struct(model, "empty").fields).toEqual([]);
  });

  it("locations point at names, 1-based", () => {
    const model = compileGood("nested.zp");
    expect(struct(model, "player").loc).toMatchObject({ line: 7, column: 1, length: 6 });
    expect(struct(model, "player.stats").loc).toMatchObject({ line: 8, column: 2 });
    expect(struct(model, "player").fields[0]?.loc).toMatchObject({ line: 18, column: 2 });
  });
});
