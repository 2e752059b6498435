/**
 * Compiles a schema with the real front end, generates its module into a temp folder and
 * imports it, so the tests exercise the GENERATED code.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileSchemaFile } from "../../../compiler/compile.ts";
import { generateModule } from "../../../compiler/gen/index.ts";
import type { GenerateOptions } from "../../../compiler/gen/index.ts";
import { structTypeName } from "../../../compiler/gen/names.ts";
import type { SchemaModel } from "../../../compiler/model/schema-model.ts";
import type { MessageCodec } from "../../../runtime/index.ts";
import { RUNTIME_URL } from "./paths.ts";

/** A generated, imported module and its model. */
export interface LoadedSchema {
  readonly model: SchemaModel;
  readonly source: string;
  readonly module: Record<string, unknown>;
  /** The codec of top-level struct `name`. */
  codec(name: string): MessageCodec<unknown>;
}

let outDir: string | undefined;
let counter = 0;

/** A fresh temp folder for this test process. */
export function tempDir(): string {
  outDir ??= mkdtempSync(join(tmpdir(), "clusterc-codec-"));
  return outDir;
}

/** Compiles `schemaPath`, throwing on diagnostics errors. */
export async function compileOrThrow(schemaPath: string): Promise<SchemaModel> {
  const r = await compileSchemaFile(schemaPath);
  if (r.model === undefined) throw new Error(`schema ${schemaPath} failed: ${JSON.stringify(r.diagnostics)}`);
  return r.model;
}

/**
 * Generates `model` into the temp folder and imports it. Fields keep the schema's names
 * (`naming: "schema"`) unless `options` says otherwise: the conformance vectors' JSON is
 * keyed by them.
 */
export async function loadModel(model: SchemaModel, options: GenerateOptions = {}): Promise<LoadedSchema> {
  const source = await generateModule(model, { runtimeImport: RUNTIME_URL, naming: "schema", ...options });
  const dir = join(tempDir(), String(counter++));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${basename(model.file).replace(/\.zp$/, "")}.ts`);
  writeFileSync(file, source);
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return {
    model,
    source,
    module,
    codec(name: string): MessageCodec<unknown> {
      const c = module[structTypeName(name)] as MessageCodec<unknown> | undefined;
      if (c === undefined) throw new Error(`no codec ${name}`);
      return c;
    },
  };
}

/** Compiles, generates and imports a schema file. */
export async function loadSchema(schemaPath: string, options: GenerateOptions = {}): Promise<LoadedSchema> {
  return loadModel(await compileOrThrow(schemaPath), options);
}
