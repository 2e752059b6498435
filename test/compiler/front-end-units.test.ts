import type { IToken } from "chevrotain";
import { describe, expect, it } from "vitest";
import { compileSchema, compileSchemaFile } from "../../compiler/compile.ts";
import { createDocLookup } from "../../compiler/syntax/doc-comments.ts";
import { tokenize } from "../../compiler/syntax/lexer.ts";
import type { SourceLocation } from "../../compiler/diagnostics/source-location.ts";
import { createEndLocation, createOffsetLocation, createTokenLocation } from "../../compiler/syntax/locations.ts";
import { readNumberLiteral } from "../../compiler/syntax/number-literal.ts";
import { parseTokens } from "../../compiler/syntax/parser.ts";

describe("lexer", () => {
  it("needs no whitespace between tokens and skips comments", () => {
    const { tokens, errors, groups } = tokenize("a 0x10{.x:int32[]1}# c\nservice s{a->a}");
    expect(errors).toEqual([]);
    expect(tokens.map((t) => t.image)).toEqual([
      "a",
      "0x10",
      "{",
      ".",
      "x",
      ":",
      "int32",
      "[",
      "]",
      "1",
      "}",
      "service",
      "s",
      "{",
      "a",
      "->",
      "a",
      "}",
    ]);
    expect(tokens[11]?.tokenType.name).toBe("ServiceKeyword");
    expect(tokens[12]?.tokenType.name).toBe("Name");
    expect(groups["comments"]?.map((c) => c.image)).toEqual(["# c"]);
  });

  it("reads 'services' as a name, not the keyword", () => {
    expect(tokenize("services").tokens[0]?.tokenType.name).toBe("Name");
  });
});

describe("parser", () => {
  it("keeps the whole file when it can, with locations on every node", () => {
    const source = "a {\n  b { .y:int32 1 }\n  .x:b[] 2\n}\nservice s { a -> a }\n";
    const { tokens } = tokenize(source);
    const { ast, errors } = parseTokens({ tokens, file: "f.zp", source, docFor: () => undefined });
    expect(errors).toEqual([]);
    const [struct, service] = ast.items;
    expect(struct?.kind).toBe("struct");
    if (struct?.kind !== "struct") return;
    expect(struct.members.map((m) => m.kind)).toEqual(["struct", "field"]);
    const field = struct.members[1];
    expect(field?.kind === "field" ? [field.loc.line, field.loc.column, field.type?.suffixes.length] : []).toEqual([3, 3, 1]);
    expect(service).toMatchObject({ kind: "service", name: { text: "s" }, methods: [{ request: { text: "a" }, response: { text: "a" } }] });
  });

  it("the one parser instance is reusable after errors", () => {
    expect(compileSchema("a { .x int32 1 }", "1.zp").model).toBeUndefined();
    expect(compileSchema("a { .x:int32 1 }", "2.zp").model?.structs[0]?.fields[0]?.name).toBe("x");
  });
});

describe("error recovery on a half-typed field", () => {
  /** A schema of `count` structs, the middle one with a field whose type is not typed yet. */
  const halfTyped = (count: number): string => {
    const structs = Array.from(
      { length: count },
      (_, i) => `s${i} ${i + 1} {\n\t.id:int32 1\n${i === count >> 1 ? "\t.z:\n" : ""}\t.a:float 3\n\t.b:int32 4\n}\n`,
    );
    return structs.join("\n");
  };

  it("reports the error where it is and reads every struct after it (no struct invented around the rest)", () => {
    const result = compileSchema(halfTyped(9), "t.zp");
    expect(result.diagnostics.map((d) => [d.code, d.loc.line])).toEqual([
      ["syntax-error", 28],
      ["syntax-error", 29],
    ]);
    const ast = parseTokens({ tokens: tokenize(halfTyped(9)).tokens, file: "t.zp", source: halfTyped(9), docFor: () => undefined }).ast;
    expect(ast.items.map((i) => i.name.text)).toEqual(["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"]);
  });

  it("in a schema of a thousand structs: located syntax errors, never an internal error", () => {
    const result = compileSchema(halfTyped(1000), "t.zp");
    expect(result.diagnostics.map((d) => d.code)).toEqual(["syntax-error", "syntax-error"]);
  });
});

describe("locations", () => {
  it("the end of a file is just past its last character", () => {
    expect(createEndLocation("f", "")).toMatchObject({ line: 1, column: 1, offset: 0 });
    expect(createEndLocation("f", "ab\ncd")).toMatchObject({ line: 2, column: 3, offset: 5 });
    expect(createEndLocation("f", "ab\r\n")).toMatchObject({ line: 2, column: 1, offset: 4 });
  });

  it("a recovery-inserted token (NaN position) is anchored after the previous real token", () => {
    const [prev] = tokenize("abc").tokens;
    const inserted = { image: "", startOffset: NaN, startLine: NaN, startColumn: NaN, isInsertedInRecovery: true } as unknown as IToken;
    expect(createTokenLocation(inserted, { file: "f", source: "abc", previous: prev })).toMatchObject({
      line: 1,
      column: 4,
      offset: 3,
      length: 1,
    });
    expect(createTokenLocation(inserted, { file: "f", source: "x\ny" })).toMatchObject({ line: 2, column: 2 });
  });
});

describe("number literals", () => {
  it("accept decimal and hex only", () => {
    expect(readNumberLiteral("0")).toEqual({ ok: true, value: 0 });
    expect(readNumberLiteral("65535")).toEqual({ ok: true, value: 65535 });
    expect(readNumberLiteral("0xFFffFFff")).toEqual({ ok: true, value: 0xffffffff });
    expect(readNumberLiteral("010")).toEqual({ ok: false, problem: "octal" });
    expect(readNumberLiteral("-3")).toEqual({ ok: false, problem: "negative" });
    expect(readNumberLiteral("0x")).toEqual({ ok: false, problem: "invalid" });
    expect(readNumberLiteral("1e3")).toEqual({ ok: false, problem: "invalid" });
  });
});

describe("doc comments", () => {
  it("attach whole-line comments directly above, not trailing or detached ones", () => {
    const source = "# header\n\n# one\n# two\nx\ny # trailing\nz\n";
    const docFor = createDocLookup({ comments: tokenize(source).groups["comments"] ?? [], source });
    const at = (line: number): SourceLocation =>
      createOffsetLocation(
        "x.zp",
        source,
        source
          .split("\n")
          .slice(0, line - 1)
          .join("\n").length + 1,
        1,
      );
    expect(docFor(at(5))).toBe("one\ntwo");
    expect(docFor(at(7))).toBeUndefined();
    expect(docFor(at(3))).toBeUndefined();
  });

  it("belong to the construct that begins the line below, not to one later on that line", () => {
    const result = compileSchema("# the struct\na { .x:int32 1 }\n", "x.zp");
    expect(result.model?.structs[0]?.doc).toBe("the struct");
    expect(result.model?.structs[0]?.fields[0]?.doc).toBeUndefined();
  });
});

describe("compileSchemaFile", () => {
  it("turns an unreadable file into a file-unreadable diagnostic", async () => {
    const result = await compileSchemaFile("/nonexistent/dir/x.zp");
    expect(result.model).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.loc.file, d.loc.line, d.loc.column])).toEqual([
      ["file-unreadable", "/nonexistent/dir/x.zp", 1, 1],
    ]);
  });
});
