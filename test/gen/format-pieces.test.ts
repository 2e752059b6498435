/**
 * Joining prettier's output of a module cut between top-level statements: equal to
 * prettier on the whole text, wherever the cuts are (blank lines between statements kept,
 * at most one); and the pieces the generator prints concatenate to the whole module.
 */
import fc from "fast-check";
import { createRequire } from "node:module";
import { format } from "prettier";
import type * as TsMorph from "ts-morph";
import type { StatementStructures } from "ts-morph";
import { describe, expect, it } from "vitest";
import { PRETTIER_OPTIONS } from "../../compiler/gen/format.ts";
import { joinFormattedPieces, startsAfterBlankLine } from "../../compiler/gen/format-pieces.ts";
import { printModulePieces } from "../../compiler/gen/format-print.ts";

const { StructureKind, VariableDeclarationKind } = createRequire(import.meta.url)("ts-morph") as typeof TsMorph;

/** Statement texts (and what may follow each one on its line) used to build modules. */
const STATEMENTS = [
  "/** Doc. */\nexport interface A { x?: number; y: string[] }",
  "export const a=1",
  "// note\nfunction f(a:number,b:number):number{return a+b}",
  "const long = [1111111111, 2222222222, 3333333333, 4444444444, 5555555555, 6666666666, 7777777777];",
  "type T = { a: number } | { b: string }",
  "/**\n * Two lines.\n */\nexport function g(): void { if (Math.random() > 2) { throw new Error(`x`); } }",
];
const SEPARATORS = ["\n", "\n\n", "\n\n\n", " \n", "\n \n", " // trailing\n", "\n/* block */\n"];

/**
 * Builds a module from statement/separator choices, cut after the statements whose index
 * is in `cuts` (a piece ends right after a statement; the next starts with the separator),
 * where the statement ends its line.
 */
function buildPieces(parts: readonly [number, number][], cuts: ReadonlySet<number>): string[] {
  const pieces: string[] = [];
  let piece = "";
  parts.forEach(([s, sep], i) => {
    piece += STATEMENTS[s % STATEMENTS.length];
    const separator = i < parts.length - 1 ? (SEPARATORS[sep % SEPARATORS.length] ?? "\n") : "\n";
    // Never between a statement and a comment on its line (the printer never cuts there).
    if (cuts.has(i) && i < parts.length - 1 && /^[ \t]*\n/.test(separator)) {
      pieces.push(piece);
      piece = "";
    }
    piece += separator;
  });
  pieces.push(piece);
  return pieces;
}

describe("startsAfterBlankLine", () => {
  it("is true only when the line after the statement is empty", () => {
    expect(startsAfterBlankLine("\n\nexport const a = 1;")).toBe(true);
    expect(startsAfterBlankLine(" \n \t\n/** d */")).toBe(true);
    expect(startsAfterBlankLine("\nexport const a = 1;")).toBe(false);
    expect(startsAfterBlankLine("\n// c\n\nx;")).toBe(false);
  });
});

describe("joinFormattedPieces", () => {
  it("equals prettier on the whole text, for any cut", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(20), fc.nat(20)), { minLength: 2, maxLength: 12 }),
        fc.uniqueArray(fc.nat(11), { maxLength: 6 }),
        async (parts, cuts) => {
          const sources = buildPieces(parts, new Set(cuts));
          const whole = await format(sources.join(""), PRETTIER_OPTIONS);
          const formatted = await Promise.all(sources.map((source) => format(source, PRETTIER_OPTIONS)));
          expect(joinFormattedPieces(sources.map((source, i) => ({ source, formatted: formatted[i] ?? "" })))).toBe(whole);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("printModulePieces", () => {
  const statements = Array.from(
    { length: 100 },
    (_, i): StatementStructures =>
      i % 3 === 0
        ? {
            kind: StructureKind.VariableStatement,
            declarationKind: VariableDeclarationKind.Const,
            declarations: [{ name: `c${i}`, initializer: `${i}` }],
          }
        : { kind: StructureKind.Function, name: `f${i}`, statements: `return ${i};` },
  );

  it("cuts the same text into pieces of at least minChars (the first: an eighth), whatever minChars", () => {
    const whole = [...printModulePieces({ header: "// h", statements, minChars: Number.POSITIVE_INFINITY })];
    expect(whole).toHaveLength(1);
    expect(whole[0]!.startsWith("// h\n\n")).toBe(true);
    for (const minChars of [1, 100, 500]) {
      const pieces = [...printModulePieces({ header: "// h", statements, minChars })];
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.join("")).toBe(whole[0]);
      expect(pieces[0]!.length).toBeGreaterThanOrEqual(Math.ceil(minChars / 8));
      for (const piece of pieces.slice(1, -1)) expect(piece.length).toBeGreaterThanOrEqual(minChars);
    }
  });

  it("prints an empty module as its header", () => {
    expect([...printModulePieces({ header: "// h", statements: [], minChars: 1 })]).toEqual(["// h\n\n\n"]);
  });
});
