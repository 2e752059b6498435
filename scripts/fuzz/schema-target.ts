/**
 * Fuzz target for the schema compiler: random valid schema text, mutations of it and of the
 * project's schemas, and arbitrary text. Properties: compileSchema never throws and never reports
 * an `internal-error`; it returns a model exactly when no diagnostic is an error; every diagnostic
 * has a code and a line/column inside the text.
 */
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileSchema } from "../../compiler/compile.ts";
import { createFuzzTarget, type FuzzTarget } from "./target.ts";
import { mutatedSchemaText, validSchemaText } from "./random-schema.ts";

function projectSchemas(): string[] {
  const dirs = [new URL("../../schemas/", import.meta.url), new URL("../../conformance/vectors/zproto/", import.meta.url)];
  const texts: string[] = [];
  for (const dir of dirs) {
    const path = fileURLToPath(dir);
    for (const name of readdirSync(path)
      .filter((n) => n.endsWith(".zp"))
      .sort())
      texts.push(readFileSync(`${path}${name}`, "utf8"));
  }
  return texts;
}

/** Checks one compile; throws when a property is broken. */
export function checkCompile(text: string): void {
  const result = compileSchema(text, "fuzz.zp");
  const lines = text.split("\n").length + 1;
  for (const d of result.diagnostics) {
    if (d.code === "internal-error") throw new Error(`the compiler failed internally: ${d.message}`);
    if (typeof d.code !== "string" || d.code.length === 0) throw new Error("a diagnostic without a code");
    if (!(d.loc.line >= 1 && d.loc.line <= lines && d.loc.column >= 1)) {
      throw new Error(`diagnostic ${d.code} at ${d.loc.line}:${d.loc.column} is outside the text`);
    }
  }
  const hasError = result.diagnostics.some((d) => d.severity === "error");
  if (hasError === (result.model !== undefined)) throw new Error(`model ${result.model !== undefined} with errors ${hasError}`);
}

/** The compiler fuzz target. */
export function createSchemaTarget(): FuzzTarget {
  const text = fc.oneof(
    validSchemaText,
    mutatedSchemaText(validSchemaText),
    mutatedSchemaText(fc.constantFrom(...projectSchemas())),
    fc.string({ maxLength: 200 }),
    fc.string({ unit: "grapheme", maxLength: 100 }),
  );
  return createFuzzTarget(
    "schema-compiler",
    fc.property(text, (t) => checkCompile(t)),
  );
}
