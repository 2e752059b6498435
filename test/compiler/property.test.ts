import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSchema } from "../../compiler/compile.ts";
import { formatDiagnostic } from "../../compiler/diagnostics/format.ts";
import { ZPROTO_DIR } from "./helpers.ts";

/** The invariants every compile must keep, whatever the input. */
function assertWellBehaved(source: string): void {
  let result: ReturnType<typeof compileSchema> | undefined;
  expect(() => {
    result = compileSchema(source, "prop.zp");
  }).not.toThrow();
  if (result === undefined) throw new TypeError("compileSchema returned nothing");
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  expect(result.model !== undefined).toBe(errors.length === 0);
  for (const d of result.diagnostics) {
    expect(d.code).not.toBe("internal-error");
    expect(d.message.length).toBeGreaterThan(0);
    expect(Number.isInteger(d.loc.line) && d.loc.line >= 1).toBe(true);
    expect(Number.isInteger(d.loc.column) && d.loc.column >= 1).toBe(true);
    expect(d.loc.offset >= 0 && d.loc.offset <= source.length).toBe(true);
    expect(d.loc.length).toBeGreaterThanOrEqual(1);
    expect(() => formatDiagnostic(d, source)).not.toThrow();
  }
}

const SCHEMAS = readdirSync(ZPROTO_DIR)
  .filter((f) => f.endsWith(".zp"))
  .map((f) => readFileSync(join(ZPROTO_DIR, f), "utf8"));
SCHEMAS.push("add 0x01 { .a:integer 1 }\nsum 0x02 { .r:integer 1 }\nservice calc {\n add -> sum\n}\n");

const TOKENS = [
  "a",
  "b",
  "service",
  "int32",
  "byte",
  "ubyte",
  "string",
  "{",
  "}",
  "[",
  "]",
  ".",
  ":",
  "->",
  "0x10",
  "010",
  "-1",
  "0",
  "1",
  "65536",
  "_x",
  ";",
  "#c\n",
  "\n",
  " ",
  "\t",
  "\r\n",
  "é",
];

const tokenSoup = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 60 })
  .chain((parts) => fc.constantFrom(parts.join(""), parts.join(" ")));

type Mutation = { op: "delete" | "insert" | "duplicate"; at: number; len: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom("delete" as const, "insert" as const, "duplicate" as const),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 8 }),
  text: fc.constantFrom(...TOKENS),
});

function mutate(source: string, mutations: readonly Mutation[]): string {
  let s = source;
  for (const m of mutations) {
    const at = s.length === 0 ? 0 : m.at % s.length;
    if (m.op === "delete") s = s.slice(0, at) + s.slice(at + m.len);
    else if (m.op === "insert") s = s.slice(0, at) + m.text + s.slice(at);
    else s = s.slice(0, at) + s.slice(at, at + m.len) + s.slice(at);
  }
  return s;
}

describe("compileSchema never throws and always locates its diagnostics", () => {
  it("random strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 120, unit: "binary" }), assertWellBehaved), { numRuns: 200 });
  });

  it("random token soups", () => {
    fc.assert(fc.property(tokenSoup, assertWellBehaved), { numRuns: 400 });
  });

  it("mutations of the conformance schemas", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCHEMAS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (schema, ms) =>
        assertWellBehaved(mutate(schema, ms)),
      ),
      { numRuns: 400 },
    );
  });
});
