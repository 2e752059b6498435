import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSchema } from "../../compiler/compile.ts";
import { codes, FIXTURES_DIR } from "./helpers.ts";

const STRUCTS = "add 0x01 { .a:int32 1 }\nsum 0x02 { .r:int32 1 }\nplain { .p:int32 1 }\nouter { inner { .i:int32 1 } .o:inner 1 }\n";

describe("service blocks", () => {
  it("parse anywhere at top level, resolve structs in any order, and coexist with structs named service", () => {
    const source = readFileSync(join(FIXTURES_DIR, "services.zp"), "utf8");
    const result = compileSchema(source, "services.zp");
    expect(result.diagnostics).toEqual([]);
    const model = result.model;
    expect(model?.services.map((s) => s.name)).toEqual(["early", "calc"]);
    expect(model?.services[0]?.methods).toEqual([
      expect.objectContaining({ name: "mul", request: "mul", response: "product", cmd: 3, doc: "Multiply two numbers." }),
    ]);
    const calc = model?.services[1];
    expect(calc?.methods.map((m) => [m.name, m.request, m.response, m.cmd])).toEqual([
      ["add", "add", "sum", 1],
      ["notify", "notify", undefined, 0x10],
      ["service", "service", "sum", 0x20],
    ]);
    expect(calc?.methods[1]).not.toHaveProperty("response");
    expect(model?.structs.filter((s) => s.name === "service").map((s) => s.protocolTag)).toEqual([0x20]);
    expect(model?.structs.find((s) => s.name === "holder")?.fields[0]?.type).toEqual({ kind: "struct", struct: "service" });
    expect(model?.structs.find((s) => s.name === "add")?.doc).toBe("The add request.");
  });

  it("the lead's calc example compiles", () => {
    const source =
      "add 0x01 { .a:integer 1 .b:integer 2 }\nsum 0x02 { .result:integer 1 }\nnotify 0x10 { .message:string 1 }\n" +
      "service calc {\n  add -> sum\n  notify\n}\n";
    const result = compileSchema(source, "calc.zp");
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.services[0]?.methods.map((m) => m.cmd)).toEqual([1, 0x10]);
  });

  it("a schema without services is plain zproto", () => {
    expect(compileSchema("a { .x:int32 1 }", "a.zp").model?.services).toEqual([]);
  });

  it("`service {` is a struct named service", () => {
    const result = compileSchema("service { .x:int32 1 }\nuse { .s:service 1 }", "s.zp");
    expect(result.diagnostics).toEqual([]);
    expect(result.model?.structs.map((s) => s.name)).toEqual(["service", "use"]);
  });

  it("a service named service", () => {
    expect(codes(`${STRUCTS}service service { add }`)).toEqual([]);
  });

  const BAD: readonly { name: string; block: string; expect: [string, number, number][] }[] = [
    { name: "unknown request", block: "service s { nope }", expect: [["unknown-request", 5, 13]] },
    { name: "unknown response", block: "service s { add -> nope }", expect: [["unknown-response", 5, 20]] },
    { name: "nested request", block: "service s { inner }", expect: [["request-not-top-level", 5, 13]] },
    { name: "nested response", block: "service s { add -> inner }", expect: [["response-not-top-level", 5, 20]] },
    { name: "request without protocol tag", block: "service s { plain -> sum }", expect: [["request-without-tag", 5, 13]] },
    { name: "duplicate method", block: "service s { add -> sum add }", expect: [["duplicate-method", 5, 24]] },
    { name: "request reused by another service", block: "service s { add }\nservice t { sum add }", expect: [["request-reused", 6, 17]] },
    { name: "duplicate service", block: "service s { add }\nservice s { sum }", expect: [["duplicate-service", 6, 9]] },
    { name: "empty service (warning)", block: "service s { }", expect: [["empty-service", 5, 9]] },
    {
      name: "service names differing by case (warning)",
      block: "service calc { add }\nservice Calc { sum }",
      expect: [["case-clash", 6, 9]],
    },
    { name: "missing arrow target", block: "service s { add -> }", expect: [["syntax-error", 5, 20]] },
    { name: "a field inside a service", block: "service s { .x:int32 1 }", expect: [["syntax-error", 5, 13]] },
  ];

  it.each(BAD)("$name", (c) => {
    expect(codes(`${STRUCTS}${c.block}\n`).map((d) => [d.code, d.line, d.column])).toEqual(c.expect);
  });

  it("a response may be any top-level struct, with or without a tag", () => {
    expect(codes(`${STRUCTS}service s { add -> plain }`)).toEqual([]);
  });
});
