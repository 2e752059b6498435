/**
 * `formatSchema` as properties over every schema we have — the shared conformance schemas
 * (the invalid ones too, when they parse), every `.zp` of this repository, and fuzzed ones
 * (random schemas printed with random whitespace, line breaks, blank lines, and own-line and
 * trailing comments between any two tokens): formatting twice changes nothing more, the
 * formatted text compiles to the same model (docs included) or to the same errors, and no
 * comment is lost. Plus the layout rules, case by case.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSchema } from "../../compiler/compile.ts";
import { formatSchema } from "../../compiler/format/format-schema.ts";
import { tokenize } from "../../compiler/syntax/lexer.ts";
import { CONFORMANCE_DIR, REPO_ROOT } from "../codec/helpers/paths.ts";
import { printSpec, schemaSpecArb } from "../breaking/helpers/schema-spec.ts";

/** A value without its source locations (and file names): what must survive formatting. */
function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "loc" && k !== "file")
      .map(([k, v]) => [k, withoutLocations(v)]),
  );
}

/** What compiling `text` gives, locations aside: the model, or the codes of the errors. */
function meaning(text: string): unknown {
  const result = compileSchema(text, "x.zp");
  return result.model !== undefined ? withoutLocations(result.model) : result.diagnostics.map((d) => d.code);
}

function commentTexts(text: string): string[] {
  return (tokenize(text).groups["comments"] ?? []).map((c) => c.image.trimEnd());
}

/** Checks the properties on `text`; returns false when it does not parse (nothing to check). */
function holds(text: string): boolean {
  const once = formatSchema(text);
  if ("diagnostics" in once) return false;
  const twice = formatSchema(once.text);
  expect("text" in twice && twice.text).toBe(once.text);
  expect(meaning(once.text)).toEqual(meaning(text));
  expect(commentTexts(once.text)).toEqual(commentTexts(text));
  return true;
}

function zpFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) zpFiles(path, out);
    else if (e.name.endsWith(".zp")) out.push(path);
  }
  return out.sort();
}

describe("format, as properties", () => {
  it.each(zpFiles(CONFORMANCE_DIR).map((f) => [f.slice(CONFORMANCE_DIR.length), f]))("conformance %s", (_name, file) => {
    holds(readFileSync(file, "utf8"));
  });

  it.each(zpFiles(REPO_ROOT).map((f) => [f.slice(REPO_ROOT.length), f]))("repository %s (schemas/ formatted already)", (_name, file) => {
    const text = readFileSync(file, "utf8");
    // Fixtures of syntax errors do not parse: nothing to check there.
    holds(text);
    const once = formatSchema(text);
    if (file.includes("/schemas/")) expect("text" in once && once.text).toBe(text);
  });

  it("fuzzed schemas with random layout and comments", () => {
    const separator = fc.constantFrom(
      " ",
      "\n",
      "\t",
      "  ",
      "\n\n",
      "\r\n",
      " # trailing\n",
      "\n# own line\n",
      "\n\n# detached\n\n",
      "\n#\n",
    );
    const service = fc.constantFrom("", "service svc {\n}\n");
    const noisy = fc
      .tuple(schemaSpecArb, service)
      .map(([spec, svc]) => {
        const tagged = spec.structs.filter((s) => s.tag !== 0).map((s) => s.name);
        const methods = tagged.map((n, i) => (i % 2 === 0 ? n : `${n} -> ${tagged[0]}`)).join("\n");
        return printSpec(spec) + (svc === "" || tagged.length === 0 ? "" : `service svc {\n${methods}\n}\n`);
      })
      .chain((text) => {
        const tokens = tokenize(text).tokens.map((t) => t.image);
        return fc
          .array(separator, { minLength: tokens.length, maxLength: tokens.length })
          .map((seps) => tokens.map((t, i) => seps[i] + t).join("") + seps[0]);
      });
    fc.assert(
      fc.property(noisy, (text) => {
        expect(holds(text)).toBe(true);
      }),
      { numRuns: 300, seed: 17 },
    );
  });
});

describe("format, the layout", () => {
  const cases: [string, string, string][] = [
    [
      "one line per construct, tabs, one blank line between definitions",
      "a 1 { .x : int32 1 .y:string[] 2 } b{.z:a 1}",
      "a 1 {\n\t.x:int32 1\n\t.y:string[] 2\n}\n\nb {\n\t.z:a 1\n}\n",
    ],
    ["numbers and names as written", "a 0x01{.X_y:integer 010}", "a 0x01 {\n\t.X_y:integer 010\n}\n"],
    ["an empty struct on one line", "e {\n\n}\n", "e {}\n"],
    ["nested structs indented", "a { b { .x:int32 1 } .y:b 1 }", "a {\n\tb {\n\t\t.x:int32 1\n\t}\n\t.y:b 1\n}\n"],
    ["services and methods", "service s{a->b c}", "service s {\n\ta -> b\n\tc\n}\n"],
    [
      "doc comments stay above their construct",
      "# doc\na {\n  # field doc\n  .x:int32 1\n}\n",
      "# doc\na {\n\t# field doc\n\t.x:int32 1\n}\n",
    ],
    [
      "trailing comments stay trailing",
      "a { # about a\n.x:int32 1 # about x\n} # end\n",
      "a { # about a\n\t.x:int32 1 # about x\n} # end\n",
    ],
    ["a detached comment stays detached", "# header\n\n\n\na {}\n", "# header\n\na {}\n"],
    [
      "at most one blank line, none after { or before }",
      "a {\n\n\n.x:int32 1\n\n\n.y:int32 2\n\n}\n",
      "a {\n\t.x:int32 1\n\n\t.y:int32 2\n}\n",
    ],
    ["a comment inside a construct goes after it", "a {\n.x:\n# c\nint32 1\n}\n", "a {\n\t.x:int32 1 # c\n}\n"],
    ["CRLF becomes LF; one final newline", "a {\r\n.x:int32 1\r\n}\r\n\r\n\r\n", "a {\n\t.x:int32 1\n}\n"],
    ["only comments", "# just\n# comments", "# just\n# comments\n"],
    ["nothing", "", ""],
  ];
  it.each(cases)("%s", (_name, input, output) => {
    expect(formatSchema(input)).toEqual({ text: output });
  });

  it("does not format text that does not parse: its syntax errors come back, located", () => {
    const result = formatSchema("a {\n .x:int32\n}\n", "bad.zp");
    expect("diagnostics" in result && result.diagnostics.map((d) => [d.code, d.loc.file, d.loc.line])).toEqual([
      ["syntax-error", "bad.zp", 3],
    ]);
  });
});
