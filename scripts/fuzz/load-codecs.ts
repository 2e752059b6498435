/**
 * Compiles schemas and generates their codec modules into a temporary directory (importing the
 * runtime by absolute file URL), then imports them: every top-level struct's MessageCodec with its
 * model, for the codec fuzzer. Covers `schemas/*.zp`, the conformance schemas and random schemas.
 */
import fc from "fast-check";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileSchema, compileSchemaFile } from "../../compiler/compile.ts";
import { generateModule } from "../../compiler/gen/index.ts";
import type { SchemaModel, StructModel } from "../../compiler/model/schema-model.ts";
import type { MessageCodec } from "../../runtime/index.ts";
import { validSchemaText } from "./random-schema.ts";

/** One generated codec and where it comes from. */
export interface CodecEntry {
  /** "schemas/calc.zp:add". */
  readonly label: string;
  /** The generated codec. */
  readonly codec: MessageCodec<unknown>;
  /** The compiled schema. */
  readonly model: SchemaModel;
  /** The struct it encodes. */
  readonly struct: StructModel;
}

/** Loaded codecs plus the cleanup of their temporary directory. */
export interface LoadedCodecs {
  /** Every codec. */
  readonly codecs: readonly CodecEntry[];
  /** Removes the generated files. */
  cleanup(): void;
}

/** Options for {@link loadCodecs}. */
export interface LoadCodecsOptions {
  /** How many random schemas to add; default 12. */
  readonly randomSchemas?: number;
  /** Seed of the random schemas; default 1. */
  readonly seed?: number;
}

const REPO = new URL("../../", import.meta.url);
const RUNTIME_URL = new URL("runtime/codegen-v1.ts", REPO).href;

function isCodec(value: unknown): value is MessageCodec<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v["name"] === "string" && typeof v["decode"] === "function" && typeof v["decodePacked"] === "function";
}

function schemaFiles(): { label: string; path: string }[] {
  const dirs = [
    { dir: new URL("schemas/", REPO), label: "schemas" },
    { dir: new URL("conformance/vectors/zproto/", REPO), label: "conformance" },
  ];
  const out: { label: string; path: string }[] = [];
  for (const { dir, label } of dirs) {
    const path = fileURLToPath(dir);
    for (const name of readdirSync(path)
      .filter((n) => n.endsWith(".zp"))
      .sort()) {
      out.push({ label: `${label}/${name}`, path: join(path, name) });
    }
  }
  return out;
}

/** Compiles, generates and imports the codecs. Throws when a schema that should compile does not. */
export async function loadCodecs(options: LoadCodecsOptions = {}): Promise<LoadedCodecs> {
  const dir = mkdtempSync(join(tmpdir(), "clusterc-fuzz-gen-"));
  const sources: { label: string; model: SchemaModel }[] = [];
  for (const file of schemaFiles()) {
    const result = await compileSchemaFile(file.path);
    if (result.model === undefined) throw new Error(`schema ${file.label} did not compile: ${result.diagnostics[0]?.message}`);
    sources.push({ label: file.label, model: result.model });
  }
  const random = fc.sample(validSchemaText, { numRuns: options.randomSchemas ?? 12, seed: options.seed ?? 1 });
  random.forEach((text, i) => {
    const result = compileSchema(text, `random-${i}.zp`);
    if (result.model === undefined) throw new Error(`random schema ${i} did not compile:\n${text}`);
    sources.push({ label: `random-${i}.zp`, model: result.model });
  });
  const codecs: CodecEntry[] = [];
  try {
    for (const [i, source] of sources.entries()) {
      // Schema names: the fuzzer checks values against the JSON convention, keyed by them.
      const code = await generateModule(source.model, { runtimeImport: RUNTIME_URL, schemaPath: source.label, naming: "schema" });
      // .mts: always an ES module, so it shares the runtime instance (and its error classes) with the fuzzer.
      const file = join(dir, `m${i}.mts`);
      writeFileSync(file, code);
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const value of Object.values(module)) {
        if (!isCodec(value)) continue;
        const struct = source.model.structs.find((s) => s.qualifiedName === value.name);
        if (struct === undefined) continue;
        codecs.push({ label: `${source.label}:${value.name}`, codec: value, model: source.model, struct });
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { codecs, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
