import { describe, expect, it } from "vitest";
import { compileSchema } from "../../compiler/compile.ts";
import type { FieldModel, SchemaModel } from "../../compiler/model/schema-model.ts";
import { codes } from "./helpers.ts";

function model(source: string): SchemaModel {
  const result = compileSchema(source, "r.zp");
  expect(result.diagnostics).toEqual([]);
  if (result.model === undefined) throw new TypeError("no model");
  return result.model;
}

function field(m: SchemaModel, struct: string, name: string): FieldModel | undefined {
  return m.structs.find((s) => s.qualifiedName === struct)?.fields.find((f) => f.name === name);
}

describe("name resolution", () => {
  it("inside its parent a nested struct shadows a top-level one; outside it does not", () => {
    const m = model("t { .x:int32 1 }\na {\n t { .y:int32 1 }\n .f:t 1\n}\nb { .g:t 1 }\n");
    expect(field(m, "a", "f")?.type).toEqual({ kind: "struct", struct: "a.t" });
    expect(field(m, "b", "g")?.type).toEqual({ kind: "struct", struct: "t" });
  });

  it("looks outward: a nested struct sees its parent's earlier nested structs and the top level", () => {
    const m = model("top { .x:int32 1 }\na {\n b { .x:int32 1 }\n c { .b:b 1 .t:top 2 }\n .c:c 1\n}\n");
    expect(field(m, "a.c", "b")?.type).toEqual({ kind: "struct", struct: "a.b" });
    expect(field(m, "a.c", "t")?.type).toEqual({ kind: "struct", struct: "top" });
  });

  it("a nested struct defined later does not shadow an earlier top-level one from inside a sibling", () => {
    const m = model("x { .q:int32 1 }\na {\n b { .f:x 1 }\n x { .r:int32 1 }\n .b:b 1\n}\n");
    expect(field(m, "a.b", "f")?.type).toEqual({ kind: "struct", struct: "x" });
  });

  it("builtin type names win over a struct of the same name", () => {
    const result = compileSchema("string { .x:int32 1 }\na { .s:string 1 }", "r.zp");
    expect(result.model?.structs[1]?.fields[0]?.type).toMatchObject({ kind: "scalar", scalar: "string" });
  });

  it("the same nested name in two parents resolves per parent", () => {
    const m = model("a { n { .x:int32 1 } .f:n 1 }\nb { n { .y:string 1 } .f:n 1 }\n");
    expect(field(m, "a", "f")?.type).toEqual({ kind: "struct", struct: "a.n" });
    expect(field(m, "b", "f")?.type).toEqual({ kind: "struct", struct: "b.n" });
  });

  it("a map whose element is a nested struct keyed by a string", () => {
    const m = model("a { e { .k:string 1 } .m:e[k] 1 }");
    expect(field(m, "a", "m")).toMatchObject({ shape: "map", mapKey: "k", type: { struct: "a.e" } });
  });

  it("a struct nested in another nested struct is invisible to its grandparent", () => {
    expect(codes("a { b { c { .x:int32 1 } .c:c 1 } .f:c 1 }")).toEqual([{ code: "nested-not-visible", line: 1, column: 38 }]);
  });
});
