/**
 * `clusterc.json`: the published JSON Schema is the validator's own, ajv (an independent
 * JSON Schema implementation) agrees with the validator on random configs, and every mistake
 * is a located diagnostic.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_BREAKING_RULES } from "../../compiler/breaking/index.ts";
import { BREAKING_CODES, CONFIG_SCHEMA } from "../../compiler/config/config-schema.ts";
import { readConfigText } from "../../compiler/config/validate-config.ts";

const SCHEMA_FILE = new URL("../../compiler/config/clusterc.schema.json", import.meta.url);

function located(text: string): [string, number, number][] {
  const result = readConfigText(text, "clusterc.json");
  return "diagnostics" in result ? result.diagnostics.map((d) => [d.code, d.loc.line, d.loc.column]) : [];
}

describe("the JSON Schema of clusterc.json", () => {
  it("is published as compiler/config/clusterc.schema.json (UPDATE_GOLDEN=1 rewrites it)", () => {
    const text = `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`;
    if (process.env["UPDATE_GOLDEN"] === "1") writeFileSync(SCHEMA_FILE, text);
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(text);
  });

  it("lists every breaking rule's code for breaking.except", () => {
    expect([...BREAKING_CODES].sort()).toEqual(ALL_BREAKING_RULES.map((r) => r.code).sort());
  });

  it("agrees with ajv on random configs, valid and not", () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as object);
    const value = fc.oneof(
      fc.constantFrom("bigint", "number", ".ts", "none", "camel", "schema", "wire", "source", "field-renamed", "", "x"),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const list = fc.array(value, { maxLength: 3 });
    const gen = fc.dictionary(fc.constantFrom("out", "int64", "importExtension", "runtimeImport", "naming", "outDir"), value, {
      maxKeys: 3,
    });
    const breaking = fc.dictionary(fc.constantFrom("level", "except", "ignore"), fc.oneof(value, list), { maxKeys: 2 });
    const config = fc.dictionary(fc.constantFrom("$schema", "inputs", "gen", "breaking", "input"), fc.oneof(value, list, gen, breaking), {
      maxKeys: 4,
    });
    fc.assert(
      fc.property(fc.oneof(config, value, list), (c) => {
        const ours = "config" in readConfigText(JSON.stringify(c), "clusterc.json");
        expect(ours, JSON.stringify(c)).toBe(validate(c));
      }),
      { numRuns: 2000, seed: 17 },
    );
  });
});

describe("reading clusterc.json", () => {
  it("accepts a full config, comments and trailing commas too", () => {
    const text =
      '{\n  // the schemas\n  "inputs": ["schemas/*.zp"],\n  "gen": { "out": "src/gen", "naming": "schema", },\n  "breaking": { "level": "source", "except": ["field-renamed"] }\n}\n';
    expect(readConfigText(text, "clusterc.json")).toEqual({
      config: {
        inputs: ["schemas/*.zp"],
        gen: { out: "src/gen", naming: "schema" },
        breaking: { level: "source", except: ["field-renamed"] },
      },
    });
  });

  it("locates an unknown key, with a suggestion", () => {
    const text = '{\n  "inputs": ["a.zp"],\n  "gen": {\n    "outDir": "x"\n  }\n}\n';
    expect(located(text)).toEqual([["config-unknown-key", 4, 5]]);
    const result = readConfigText(text, "clusterc.json");
    expect("diagnostics" in result && result.diagnostics[0]?.message).toBe(
      "unknown key 'outDir' in 'gen' (did you mean 'out'?); known keys: out, int64, importExtension, runtimeImport, naming",
    );
  });

  it("locates bad values at the value", () => {
    expect(located('{ "gen": { "int64": "big" } }')).toEqual([["config-invalid-value", 1, 21]]);
    expect(located('{ "inputs": "a.zp" }')).toEqual([["config-invalid-value", 1, 13]]);
    expect(located('{ "inputs": [] }')).toEqual([["config-invalid-value", 1, 13]]);
    expect(located('{ "inputs": ["a.zp", 3] }')).toEqual([["config-invalid-value", 1, 22]]);
    expect(located('{ "breaking": { "except": ["nope"] } }')).toEqual([["config-invalid-value", 1, 28]]);
    expect(located("[]")).toEqual([["config-invalid-value", 1, 1]]);
  });

  it("locates JSON syntax errors", () => {
    expect(located('{\n  "inputs": ["a.zp"\n}\n')).toEqual([["config-syntax", 3, 1]]);
    expect(located("")).toEqual([["config-syntax", 1, 1]]);
  });
});
