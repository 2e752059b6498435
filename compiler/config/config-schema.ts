/**
 * `clusterc.json`: its TypeScript shape and its JSON Schema. The schema is the one source of
 * truth — the validator (`validate-config.ts`) interprets it, and it is published as
 * `clusterc.schema.json` beside this file (test/config checks that the file equals it), so
 * editors complete and check the config from its `$schema` key.
 */
import { NAMING_STYLES, type NamingStyle } from "../naming/ts-names.ts";

/**
 * The codes of `clusterc breaking`'s rules, for `breaking.except` (listed here rather than
 * imported, so that reading a config does not load the checker; test/config checks that this
 * is every rule's code).
 */
export const BREAKING_CODES: readonly string[] = [
  "base-tag-changed",
  "field-inserted",
  "field-removed",
  "field-renumbered",
  "tag-reused",
  "field-type-changed",
  "field-shape-changed",
  "map-key-changed",
  "field-renamed",
  "struct-removed",
  "struct-renamed",
  "protocol-tag-changed",
  "method-removed",
  "method-kind-changed",
  "method-response-changed",
  "method-renamed",
  "method-moved",
  "service-removed",
  "service-renamed",
  "file-removed",
];

/** The config file commands look for in the folder they run in (the language server: in each workspace folder). */
export const CONFIG_FILE = "clusterc.json";

/** The `gen` options of `clusterc.json`: every option of `clusterc gen`. */
export interface GenConfig {
  readonly out?: string;
  readonly int64?: "bigint" | "number";
  readonly importExtension?: ".ts" | ".js" | "none";
  readonly runtimeImport?: string;
  readonly naming?: NamingStyle;
}

/** The `breaking` options of `clusterc.json`. */
export interface BreakingConfig {
  readonly level?: "wire" | "source";
  readonly except?: readonly string[];
}

/** A `clusterc.json`. Paths are relative to the file's folder. */
export interface ClustercConfig {
  readonly $schema?: string;
  readonly inputs?: readonly string[];
  readonly gen?: GenConfig;
  readonly breaking?: BreakingConfig;
}

/** The subset of JSON Schema (draft-07) the config's schema uses, and the validator understands. */
export interface JsonSchema {
  readonly $schema?: string;
  readonly title?: string;
  readonly description?: string;
  readonly type?: "object" | "array" | "string";
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: false;
  readonly items?: JsonSchema;
  readonly enum?: readonly string[];
  readonly minLength?: number;
  readonly minItems?: number;
  readonly uniqueItems?: boolean;
  readonly default?: unknown;
}

/** The JSON Schema of `clusterc.json`. */
export const CONFIG_SCHEMA: JsonSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "clusterc.json",
  description: "Configuration of the clusterc CLI: the schemas, how `clusterc gen` generates code and how `clusterc breaking` compares.",
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string", description: "The JSON Schema of this file, for editors." },
    inputs: {
      type: "array",
      description:
        "The schema files: paths or glob patterns (`schemas/*.zp`, `**/*.zp`), relative to this file. Used by gen, check, format and breaking when no files are given.",
      items: { type: "string", minLength: 1 },
      minItems: 1,
    },
    gen: {
      type: "object",
      description: "Options of `clusterc gen` (its flags override them).",
      additionalProperties: false,
      properties: {
        out: { type: "string", minLength: 1, description: "Output folder, relative to this file.", default: "generated" },
        int64: { enum: ["bigint", "number"], description: "64-bit integers as bigint or as range-checked numbers.", default: "bigint" },
        importExtension: { enum: [".ts", ".js", "none"], description: "Extension of relative imports in generated code.", default: ".ts" },
        runtimeImport: {
          type: "string",
          minLength: 1,
          description: "Module specifier of the runtime that generated code imports.",
          default: "@clusterc/runtime/codegen-v1",
        },
        naming: {
          enum: [...NAMING_STYLES],
          description: "Fields and methods in camelCase (`delayMs`, `slowAdd`) or as the schema spells them (`delay_ms`, `slow_add`).",
          default: "camel",
        },
      },
    },
    breaking: {
      type: "object",
      description: "Options of `clusterc breaking` (its flags override them).",
      additionalProperties: false,
      properties: {
        level: {
          enum: ["wire", "source"],
          description:
            "`wire`: changes that break nodes running different versions; `source`: those and changes that break generated names.",
          default: "wire",
        },
        except: {
          type: "array",
          description: "Codes of changes not to report.",
          items: { enum: BREAKING_CODES },
          uniqueItems: true,
        },
      },
    },
  },
};
