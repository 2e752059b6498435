import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSchema } from "../../compiler/compile.ts";
import { caretLine, formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { FIXTURES_DIR } from "./helpers.ts";

const GOLDEN_DIR = new URL("./golden/", import.meta.url);
const CASES = ["golden-structs", "golden-services", "golden-warnings", "golden-syntax"];

/** Prints a schema's diagnostics exactly as `clusterc check` does (file named relative to fixtures/). */
function printed(name: string): string {
  const source = readFileSync(join(FIXTURES_DIR, `${name}.zp`), "utf8");
  const result = compileSchema(source, `${name}.zp`);
  return result.diagnostics.map((d) => `${formatDiagnostic(d, source)}\n`).join("");
}

describe("printed diagnostics (golden files; regenerate with UPDATE_GOLDEN=1)", () => {
  it.each(CASES)("%s", (name) => {
    const actual = printed(name);
    const goldenPath = new URL(`${name}.txt`, GOLDEN_DIR);
    if (process.env["UPDATE_GOLDEN"] === "1") writeFileSync(goldenPath, actual);
    expect(actual).toBe(readFileSync(goldenPath, "utf8"));
  });

  it("the caret keeps tabs so it lines up under the token", () => {
    expect(caretLine("\t\t.x:int32 1", 5, 5)).toBe("\t\t  ^~~~~");
  });

  it("the caret counts terminal columns: wide characters take two, combining marks none", () => {
    expect(caretLine(" .名前:strin 2", 3, 2)).toBe("  ^~~~");
    expect(caretLine(" .名前:strin 2", 6, 5)).toBe("       ^~~~~");
    expect(caretLine("\t.cafe\u0301:strin 2", 9, 5)).toBe("\t      ^~~~~");
  });

  it("a non-ASCII name is reported once, saying names are ASCII, with the caret under the whole name", () => {
    const { diagnostics } = compileSchema("a 0x01 {\n    .名前:string 1\n}\n", "t.zp");
    expect(diagnostics.map((d) => d.code)).toEqual(["invalid-name"]);
    const [d] = diagnostics;
    if (d !== undefined)
      expect(formatDiagnostic(d, "a 0x01 {\n    .名前:string 1\n}\n")).toBe(
        [
          "t.zp:2:6: error[invalid-name]: invalid name '名前': '名' (U+540D) is not ASCII; names are ASCII letters, digits and '_', starting with a letter",
          "    .名前:string 1",
          "     ^~~~",
        ].join("\n"),
      );
  });

  it("the caret is clipped to the end of the line and never empty", () => {
    expect(caretLine("abc", 3, 10)).toBe("  ^");
    expect(caretLine("", 1, 1)).toBe("^");
  });

  it("without source text only the header is printed", () => {
    const d = compileSchema("a { .x:int32 0 }", "t.zp").diagnostics[0];
    expect(d).toBeDefined();
    if (d !== undefined)
      expect(formatDiagnostic(d, undefined)).toBe(
        "t.zp:1:14: error[tag-out-of-range]: field tag 0 is out of range: tags go from 1 to 65535",
      );
  });
});
