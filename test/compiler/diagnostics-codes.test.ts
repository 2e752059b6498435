import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_CHECKS } from "../../compiler/check/index.ts";
import type { NamingStyle } from "../../compiler/naming/ts-names.ts";
import { codes, diagnose } from "./helpers.ts";

interface Case {
  readonly name: string;
  readonly source: string;
  /** The generator's naming style the schema is checked for (default camel). */
  readonly naming?: NamingStyle;
  /** Every diagnostic, in order: `[code, line, column]`. */
  readonly expect: readonly (readonly [string, number, number])[];
}

const CASES: readonly Case[] = [
  // lexical
  { name: "unexpected character", source: "a {\n .x:int32 1 @\n}\n", expect: [["unexpected-character", 2, 13]] },
  { name: "invalid name (field)", source: "a { ._x:int32 1 }", expect: [["invalid-name", 1, 6]] },
  // Names in other scripts: one invalid-name on the whole name, no follow-on errors.
  { name: "non-ASCII struct name", source: "café 0x01 {\n .x:int32 1\n}\n", expect: [["invalid-name", 1, 1]] },
  { name: "non-ASCII field name (CJK)", source: "a {\n .名前:string 1\n .y:int32 2\n}\n", expect: [["invalid-name", 2, 3]] },
  { name: "non-ASCII letter inside a name", source: "a { .x:int32 1 }\nsérvice_x 0x02 { .v:int32 1 }", expect: [["invalid-name", 2, 1]] },
  { name: "a symbol is still an unexpected character", source: "a {\n .x:int32 1 →\n}\n", expect: [["unexpected-character", 2, 13]] },
  {
    name: "name of 63 is fine, 64 is too long",
    source: `${"a".repeat(63)} { .${"b".repeat(64)}:int32 1 }`,
    expect: [["name-too-long", 1, 68]],
  },
  { name: "negative protocol tag", source: "a -5 { .x:int32 1 }", expect: [["negative-number", 1, 3]] },
  { name: "octal field tag", source: "a {\n .x:int32 010\n}", expect: [["octal-number", 2, 11]] },
  { name: "octal protocol tag (09)", source: "a 09 { .x:int32 1 }", expect: [["octal-number", 1, 3]] },
  { name: "invalid number", source: "a { .x:int32 12ab }", expect: [["invalid-number", 1, 14]] },
  {
    name: "empty schema (only a service)",
    source: "service s { }\n",
    expect: [
      ["empty-service", 1, 9],
      ["empty-schema", 2, 1],
    ],
  },
  // syntax
  {
    name: "missing colon and missing tag: two errors in one run",
    source: "a {\n .x int32 1\n .y:int32\n}\n",
    expect: [
      ["syntax-error", 2, 5],
      ["syntax-error", 4, 1],
    ],
  },
  { name: "stray '}' at top level", source: "a { .x:int32 1 }\n}\n", expect: [["syntax-error", 2, 1]] },
  { name: "missing '}' at end of input", source: "a {\n .x:int32 1\n", expect: [["syntax-error", 3, 1]] },
  { name: "nesting 100 deep is fine", source: `${"a {".repeat(100)} .x:int32 1 ${"}".repeat(100)}`, expect: [] },
  {
    name: "nesting 101 deep is refused before parsing",
    source: `${"a {".repeat(101)} .x:int32 1 ${"}".repeat(101)}`,
    expect: [["nesting-too-deep", 1, 303]],
  },
  // structs
  {
    name: "duplicate nested struct",
    source: "a {\n b { .x:int32 1 }\n b { .y:int32 1 }\n .f:b 1\n}",
    expect: [["duplicate-struct", 3, 2]],
  },
  { name: "protocol tag above 0xffffffff", source: "a 0x100000000 { .x:int32 1 }", expect: [["number-out-of-range", 1, 3]] },
  { name: "protocol tag above 0x7fffffff warns", source: "a 0x80000000 { .x:int32 1 }", expect: [["large-protocol-tag", 1, 3]] },
  { name: "protocol tag 0xffffffff still only warns", source: "a 0xffffffff { .x:int32 1 }", expect: [["large-protocol-tag", 1, 3]] },
  {
    name: "duplicate protocol tag, decimal vs hex",
    source: "a 16 { .x:int32 1 }\nb 0x10 { .x:int32 1 }",
    expect: [["duplicate-protocol-tag", 2, 3]],
  },
  { name: "protocol tag 0 twice is fine", source: "a 0 { .x:int32 1 }\nb 0 { .x:int32 1 }", expect: [] },
  { name: "protocol tag on a nested struct", source: "a { b 1 { .x:int32 1 } }", expect: [["protocol-tag-on-nested", 1, 7]] },
  { name: "field before nested struct", source: "a {\n .x:int32 1\n b { .y:int32 1 }\n}", expect: [["field-before-struct", 3, 2]] },
  // fields
  { name: "duplicate field", source: "a { .x:int32 1 .x:int32 2 }", expect: [["duplicate-field", 1, 17]] },
  { name: "tag 0", source: "a { .x:int32 0 }", expect: [["tag-out-of-range", 1, 14]] },
  {
    name: "tag 65535 warns, 65536 fails",
    source: "a { .x:int32 65535 }\nb { .x:int32 0x10000 }",
    expect: [
      ["large-field-tag", 1, 14],
      ["tag-out-of-range", 2, 14],
    ],
  },
  { name: "tag 32767 is fine, 32768 warns", source: "a { .x:int32 32767 .y:int32 32768 }", expect: [["large-field-tag", 1, 29]] },
  { name: "duplicate tag", source: "a { .x:int32 3 .y:int32 3 }", expect: [["duplicate-tag", 1, 25]] },
  { name: "descending tag", source: "a { .x:int32 3 .y:int32 2 }", expect: [["tag-not-ascending", 1, 25]] },
  { name: "array of array", source: "a { .x:string[][] 1 }", expect: [["array-of-array", 1, 16]] },
  // types
  { name: "unknown type", source: "a { .x:double 1 }", expect: [["unknown-type", 1, 8]] },
  { name: "forward reference", source: "a { .x:b 1 }\nb { .y:int32 1 }", expect: [["forward-reference", 1, 8]] },
  {
    name: "forward reference to a later sibling",
    source: "a {\n b { .x:c 1 }\n c { .y:int32 1 }\n .f:b 1\n}",
    expect: [["forward-reference", 2, 9]],
  },
  { name: "self reference through an array", source: "n { .next:n[] 1 }", expect: [["self-reference", 1, 11]] },
  { name: "reference to the enclosing struct", source: "a { b { .up:a 1 } .x:b 1 }", expect: [["self-reference", 1, 13]] },
  {
    name: "nested struct used outside its parent",
    source: "a { b { .x:int32 1 } .y:b 1 }\nc { .z:b 1 }",
    expect: [["nested-not-visible", 2, 8]],
  },
  { name: "map key on a scalar", source: "a { .x:string[k] 1 }", expect: [["map-key-on-scalar", 1, 15]] },
  { name: "byte[k] is a map key on a scalar, not byte[]", source: "a { .x:byte[k] 1 }", expect: [["map-key-on-scalar", 1, 13]] },
  { name: "map key missing", source: "e { .id:int32 1 }\nm { .x:e[nope] 1 }", expect: [["map-key-missing", 2, 10]] },
  { name: "map key is a struct", source: "k { .v:int32 1 }\ne { .id:k 1 }\nm { .x:e[id] 1 }", expect: [["map-key-not-scalar", 3, 10]] },
  { name: "map key is an array", source: "e { .id:int32[] 1 }\nm { .x:e[id] 1 }", expect: [["map-key-is-array", 2, 10]] },
  { name: "map key of type byte[] (a string) is fine", source: "e { .id:byte[] 1 }\nm { .x:e[id] 1 }", expect: [] },
  // warnings
  { name: "struct names differing by case", source: "User { .x:int32 1 }\nuser { .x:int32 1 }", expect: [["case-clash", 2, 1]] },
  {
    name: "names that PascalCase to the same type name",
    source: "slow_add { .x:int32 1 }\nslowAdd { .y:int32 1 }",
    expect: [["case-clash", 2, 1]],
  },
  {
    name: "nested generated names that clash",
    source: "a_b { c { .x:int32 1 } .f:c 1 }\nab { c { .y:int32 1 } .g:c 1 }",
    expect: [
      ["case-clash", 2, 1],
      ["case-clash", 2, 6],
    ],
  },
  {
    name: "field names differing by case (schema naming)",
    source: "a { .id:int32 1 .ID:int32 2 }",
    naming: "schema",
    expect: [["case-clash", 1, 18]],
  },
  { name: "field names differing by case (camel naming)", source: "a { .ab:int32 1 .aB:int32 2 }", expect: [["case-clash", 1, 18]] },
  // errors of the naming option
  { name: "fields that camelCase to one name", source: "a { .a_b:int32 1 .aB:int32 2 }", expect: [["name-clash", 1, 19]] },
  { name: "an acronym lowered to a clash", source: "a { .id:int32 1 .ID:int32 2 }", expect: [["name-clash", 1, 18]] },
  { name: "the same fields with schema naming", source: "a { .a_b:int32 1 .aB:int32 2 }", naming: "schema", expect: [] },
  {
    name: "methods that camelCase to one name",
    source: "slow_add 1 { .x:int32 1 }\nslowAdd 2 { .y:int32 1 }\nservice s { slow_add slowAdd }",
    expect: [
      ["case-clash", 2, 1],
      ["name-clash", 3, 22],
    ],
  },
  { name: "struct named like a builtin type", source: "string { .x:int32 1 }\na { .s:string 1 }", expect: [["builtin-type-name", 1, 1]] },
];

describe("diagnostic codes", () => {
  it.each(CASES)("$name", (c) => {
    expect(codes(c.source, c.naming).map((d) => [d.code, d.line, d.column])).toEqual(c.expect);
  });

  it("every check code is exercised by a case here or in services.test.ts", () => {
    const serviceCodes = [
      "unknown-request",
      "request-not-top-level",
      "request-without-tag",
      "unknown-response",
      "response-not-top-level",
      "duplicate-method",
      "request-reused",
      "duplicate-service",
      "empty-service",
    ];
    const covered = new Set([...CASES.flatMap((c) => c.expect.map((e) => e[0])), ...serviceCodes]);
    expect(ALL_CHECKS.map((c) => c.code).filter((code) => !covered.has(code))).toEqual([]);
  });

  it("docs/diagnostics.md documents every code with its severity", () => {
    const doc = readFileSync(new URL("../../docs/diagnostics.md", import.meta.url), "utf8");
    const documented = new Map([...doc.matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map((m) => [m[1], m[2]]));
    for (const check of ALL_CHECKS) expect(documented.get(check.code), check.code).toBe(check.severity);
    for (const code of ["unexpected-character", "syntax-error", "nesting-too-deep", "file-unreadable", "internal-error"]) {
      expect(documented.get(code), code).toBe("error");
    }
  });

  it("check codes are unique and kebab-case", () => {
    const all = ALL_CHECKS.map((c) => c.code);
    expect(new Set(all).size).toBe(all.length);
    for (const code of all) expect(code).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  it("warnings do not block the model, errors do", () => {
    expect(diagnose("a 0x80000000 { .x:int32 40000 }").map((d) => d.severity)).toEqual(["warning", "warning"]);
  });

  it("reports many independent errors in one run", () => {
    const found = codes("a { .x:int32 2 .y:int32 1 }\nb { .z:nope 1 }\nc { .w:int32 0 }\nd 010 { .v:int32 1 }");
    expect(found.map((d) => d.code)).toEqual(["tag-not-ascending", "unknown-type", "tag-out-of-range", "octal-number"]);
  });
});
