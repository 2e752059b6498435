/**
 * The language server's incremental front end (compiler/lsp/incremental/) gives exactly what the
 * whole-file compile gives — diagnostics with their related locations, AST and model — after
 * every edit of a sequence, on random schemas (structs, nested structs, maps, forward and unknown
 * references, duplicate tags and names, services, comments) and random edits (a name swapped, a
 * character typed or deleted, a line removed or repeated, a number changed). Seeded, so a failure
 * replays.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NAMING_STYLES } from "../../compiler/naming/ts-names.ts";
import { analyzeSchema } from "../../compiler/compile.ts";
import { splitChunks } from "../../compiler/lsp/incremental/chunks.ts";
import { createIncrementalAnalyzer } from "../../compiler/lsp/incremental/incremental-analysis.ts";

interface StructSpec {
  name: string;
  tag: string;
  nested: StructSpec[];
  fields: Array<{ name: string; type: string; suffix: string; tag: string; doc: boolean }>;
  doc: boolean;
}

const NAMES = ["a", "b", "item", "entry", "Item", "int32", "stats", "_bad", "service"];
const TYPES = ["int32", "string", "long", "float", "byte", "ubyte", "a", "b", "item", "entry", "stats", "nope", "integer"];

const name = fc.constantFrom(...NAMES);
const field = fc.record({
  name: fc.constantFrom("id", "x", "y", "name", "key", "Id", "user_id", "userId"),
  type: fc.constantFrom(...TYPES),
  suffix: fc.constantFrom("", "", "[]", "[id]", "[key]", "[][]"),
  tag: fc.constantFrom("1", "2", "3", "5", "0", "010", "0x3", "70000", "40000"),
  doc: fc.boolean(),
});
const struct: fc.Arbitrary<StructSpec> = fc.letrec<{ struct: StructSpec; inner: StructSpec }>((tie) => ({
  struct: fc.record({
    name,
    tag: fc.constantFrom("", "", " 0x01", " 0x02", " 7", " 0"),
    nested: fc.array(tie("inner") as fc.Arbitrary<StructSpec>, { maxLength: 2 }),
    fields: fc.array(field, { maxLength: 4 }),
    doc: fc.boolean(),
  }),
  inner: fc.record({
    name,
    tag: fc.constantFrom("", "", " 0x05"),
    nested: fc.constant<StructSpec[]>([]),
    fields: fc.array(field, { maxLength: 3 }),
    doc: fc.boolean(),
  }),
})).struct;
const service = fc.record({
  name: fc.constantFrom("svc", "game"),
  methods: fc.array(fc.record({ request: name, response: fc.option(name, { nil: undefined }) }), { maxLength: 3 }),
});

function render(s: StructSpec, indent: string): string {
  const lines: string[] = [];
  if (s.doc) lines.push(`${indent}# The ${s.name} struct.`);
  lines.push(`${indent}${s.name}${s.tag} {`);
  for (const n of s.nested) lines.push(render(n, `${indent}\t`));
  for (const f of s.fields) {
    if (f.doc) lines.push(`${indent}\t# Field ${f.name}.`);
    lines.push(`${indent}\t.${f.name}:${f.type}${f.suffix} ${f.tag}`);
  }
  lines.push(`${indent}}`);
  return lines.join("\n");
}

const schema = fc
  .tuple(fc.array(struct, { minLength: 1, maxLength: 6 }), fc.array(service, { maxLength: 2 }), fc.boolean())
  .map(([structs, services, header]) => {
    const parts = structs.map((s) => render(s, ""));
    for (const s of services) {
      parts.push(
        `service ${s.name} {\n${s.methods.map((m) => `\t${m.request}${m.response === undefined ? "" : ` -> ${m.response}`}`).join("\n")}\n}`,
      );
    }
    return `${header ? "# A schema.\n\n" : ""}${parts.join("\n\n")}\n`;
  });

type Edit =
  | { kind: "word"; at: number; to: string }
  | { kind: "char"; at: number; text: string; del: number }
  | { kind: "line"; at: number; op: "drop" | "repeat" };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("word" as const),
      at: fc.nat(),
      to: fc.constantFrom(...NAMES, ...TYPES, "7", "0x10", "strng"),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("char" as const),
      at: fc.nat(),
      text: fc.constantFrom("", "x", "1", " ", "\n", "{", "}", "[", ":", ".", "#", "\t"),
      del: fc.constantFrom(0, 0, 1, 2),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("line" as const), at: fc.nat(), op: fc.constantFrom("drop" as const, "repeat" as const) }),
  },
);

function apply(text: string, e: Edit): string {
  if (e.kind === "char") {
    const at = e.at % (text.length + 1);
    return text.slice(0, at) + e.text + text.slice(at + e.del);
  }
  if (e.kind === "word") {
    const words = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9A-Za-z_]*/g)];
    const w = words[e.at % Math.max(1, words.length)];
    if (w === undefined) return text;
    return text.slice(0, w.index) + e.to + text.slice(w.index + w[0].length);
  }
  const lines = text.split("\n");
  const at = e.at % lines.length;
  if (e.op === "drop") lines.splice(at, 1);
  else lines.splice(at, 0, lines[at]!);
  return lines.join("\n");
}

/** What must be equal: diagnostics (with related locations), the AST and the model. */
function observable(result: ReturnType<typeof analyzeSchema>): string {
  return JSON.stringify({ diagnostics: result.diagnostics, ast: result.ast, model: result.model });
}

describe("the incremental front end", () => {
  it("equals the whole-file compile after every edit of random edit sequences", () => {
    const paths = new Map<string, number>();
    fc.assert(
      fc.property(schema, fc.array(edit, { minLength: 1, maxLength: 10 }), fc.constantFrom(...NAMING_STYLES), (start, edits, naming) => {
        const analyzer = createIncrementalAnalyzer("t.zp", naming);
        let text = start;
        expect(observable(analyzer.analyze(text))).toBe(observable(analyzeSchema(text, "t.zp", { naming })));
        for (const e of edits) {
          text = apply(text, e);
          expect(observable(analyzer.analyze(text))).toBe(observable(analyzeSchema(text, "t.zp", { naming })));
          paths.set(analyzer.lastPath ?? "", (paths.get(analyzer.lastPath ?? "") ?? 0) + 1);
        }
      }),
      { seed: 18, numRuns: 100 },
    );
    // Every way of analysing was exercised, the reusing ones often.
    expect(paths.get("checked-edit")).toBeGreaterThan(30);
    expect(paths.get("chunks")).toBeGreaterThan(30);
    expect(paths.get("whole-file")).toBeGreaterThan(30);
  }, 120_000);

  it("cuts text into chunks of whole lines after top-level closing braces, comments after them included", () => {
    const text = "# head\na {\n\t# }\n\tb { }\n} # tail\nc { } d {\n}\n# end";
    expect(splitChunks(text).map((c) => [c.text, c.start, c.line])).toEqual([
      ["# head\na {\n\t# }\n\tb { }\n} # tail\n", 0, 0],
      ["c { } d {\n}\n", 32, 5],
      ["# end", 44, 7],
    ]);
    expect(splitChunks("").map((c) => c.text)).toEqual([""]);
  });
});
