/**
 * `clusterc gen SCHEMA... [-o DIR] [--int64 bigint|number] [--import-extension .js|.ts|none]
 * [--runtime-import SPEC] [--watch]`: generates one `<DIR>/<schema basename>.ts` per schema
 * (default DIR `generated/`). On schema errors it prints the diagnostics and writes nothing
 * (exit 1). `--watch` regenerates when a schema changes, prints diagnostics without exiting,
 * and stops on SIGINT. Unchanged output files are not rewritten.
 *
 * An unchanged schema (same bytes, options and generator) is written from the output cache
 * (`output-cache.ts`) without loading the compiler, ts-morph or prettier. Otherwise start-up
 * is ordered for speed: the prettier workers (`gen/format-pool.ts`) start first,
 * so prettier loads on another core while this thread loads the compiler and ts-morph
 * (imported dynamically for that reason), and each schema's sections run while the
 * previous schema's output is still being formatted. TypeScript and ts-morph load from
 * V8's code cache after the first run (`compile-cache.ts`).
 */
import { watch, type FSWatcher } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { NAMING_STYLES, type NamingStyle } from "../naming/ts-names.ts";
import { oneOf, parseOptions } from "./args.ts";
import { loadConfig } from "./config-file.ts";
import { resolveSchemaInputs } from "./schema-inputs.ts";
import type { GenerateOptions } from "../gen/context.ts";
import type { FormatPool } from "../gen/format-pool.ts";
import { CliError, describeFsError, errorLine, EXIT_FAILURE, EXIT_OK, oneLine, reportFailures, reportUsageError } from "./errors.ts";
import { checkOutputFile, checkReadableFile, ensureDir, writeOutputFile } from "./files.ts";
import { errorText, processIo, type CliIo } from "./output.ts";
import { enableCompileCache } from "./compile-cache.ts";
import { openOutputCache, type OutputKey } from "./output-cache.ts";

/** The usage text of `clusterc gen`. */
export const GEN_USAGE = [
  "usage: clusterc gen [SCHEMA...] [-o DIR] [--int64 bigint|number] [--import-extension .js|.ts|none]",
  "                    [--runtime-import SPEC] [--naming camel|schema] [--config FILE] [--watch]",
  "",
  "Generates TypeScript types and codecs: one DIR/<schema>.ts per schema. With no SCHEMA, the",
  "'inputs' of clusterc.json; its 'gen' options apply, and these flags override them.",
  "",
  "options:",
  "  -o, --out DIR              output folder (default generated/)",
  "  --int64 bigint|number      64-bit integers as bigint (default) or range-checked numbers",
  "  --import-extension EXT     extension of relative imports: .ts (default), .js or none",
  "  --runtime-import SPEC      module specifier of the runtime (default @clusterc/runtime/codegen-v1)",
  "  --naming camel|schema      fields and methods in camelCase (default) or as the schema spells them",
  "  --config FILE              the config file (default ./clusterc.json, if present)",
  "  --watch                    regenerate on change (Ctrl-C stops)",
  "  -h, --help                 print this help",
].join("\n");

/** Parsed command line of `clusterc gen`, with the config applied. */
export interface GenArgs {
  readonly schemas: readonly string[];
  readonly outDir: string;
  readonly options: GenerateOptions;
  readonly watch: boolean;
}

/** The command line of `clusterc gen` as given: options not given are absent (the config or the defaults fill them). */
export interface GenFlags {
  readonly schemas: readonly string[];
  readonly outDir?: string;
  readonly options: GenerateOptions;
  readonly watch: boolean;
  readonly config?: string;
}

/** Parses `gen`'s arguments. */
export function parseGenArgs(args: readonly string[]): GenFlags | { readonly error: string } | "help" {
  const parsed = parseOptions(args, {
    flags: ["--help", "--watch"],
    values: ["--out", "--int64", "--import-extension", "--runtime-import", "--naming", "--config"],
    aliases: { "-h": "--help", "-o": "--out" },
    takes: { "--out": "a folder", "--runtime-import": "a module specifier", "--config": "a file" },
  });
  if ("error" in parsed) return parsed;
  if (parsed.flags.has("--help")) return "help";
  const int64 = oneOf("--int64", parsed.values.get("--int64"), ["bigint", "number"] as const);
  const importExtension = oneOf("--import-extension", parsed.values.get("--import-extension"), [".js", ".ts", "none"] as const);
  const naming = oneOf("--naming", parsed.values.get("--naming"), NAMING_STYLES);
  for (const v of [int64, importExtension, naming]) if (typeof v === "object") return v;
  const runtimeImport = parsed.values.get("--runtime-import");
  const outDir = parsed.values.get("--out");
  const config = parsed.values.get("--config");
  const options: GenerateOptions = {
    ...(int64 === undefined ? {} : { int64: int64 as "bigint" | "number" }),
    ...(importExtension === undefined ? {} : { importExtension: importExtension as ".js" | ".ts" | "none" }),
    ...(runtimeImport === undefined ? {} : { runtimeImport }),
    ...(naming === undefined ? {} : { naming: naming as NamingStyle }),
  };
  return {
    schemas: parsed.positional,
    ...(outDir === undefined ? {} : { outDir }),
    options,
    watch: parsed.flags.has("--watch"),
    ...(config === undefined ? {} : { config }),
  };
}

/**
 * The flags with the config applied: the schemas given (else the config's inputs), and each
 * option from its flag, else the config's `gen` (paths relative to the config's folder),
 * else the default.
 */
export async function resolveGenArgs(flags: GenFlags, io: CliIo): Promise<GenArgs> {
  const loaded = await loadConfig(io, flags.config);
  const gen = loaded?.config.gen ?? {};
  const schemas = await resolveSchemaInputs("gen", flags.schemas, loaded);
  const configOut = gen.out === undefined || loaded === undefined ? undefined : relative(".", join(loaded.dir, gen.out)) || ".";
  const { out: _out, ...genOptions } = gen;
  return { schemas, outDir: flags.outDir ?? configOut ?? "generated", options: { ...genOptions, ...flags.options }, watch: flags.watch };
}

/**
 * The schema path as printed in headers: as given (forward slashes); an absolute path is
 * made relative to the working directory, so output does not depend on the machine.
 */
export function displayPath(schema: string): string {
  const rel = isAbsolute(schema) ? relative(process.cwd(), schema) : schema;
  return posix.normalize(rel.split(sep).join("/"));
}

/** Output file of a schema: `<out>/<basename without .zp>.ts`. */
export function outputPath(outDir: string, schema: string): string {
  return join(outDir, `${basename(schema).replace(/\.[^.]*$/, "")}.ts`);
}

/**
 * The CLI's format pool: one prettier worker, started right away so that it loads and warms
 * up prettier while this thread compiles. Measured on 2 cores with 1000 structs, one worker
 * (3.1–3.5 s, ~4.9 s CPU) beats two (3.4–3.6 s, ~6.2 s CPU), and this thread helping with
 * the last pieces does too: every extra formatter warms prettier up again (cold prettier is
 * about half as fast), and a second worker competes with this thread for a core while it
 * compiles and prints.
 */
async function createCliPool(): Promise<FormatPool> {
  // Imported here: a run served by the output cache never loads the pool (nor worker_threads).
  const { createFormatPool } = await import("../gen/format-pool.ts");
  return createFormatPool({ maxWorkers: 1 });
}

/** What one schema produced: messages to print (in order) and the output, if any. */
interface SchemaOutcome {
  readonly messages: readonly string[];
  readonly output?: { readonly path: string; readonly text: string };
}

/**
 * Compiles and generates every schema; writes all outputs only if all succeed. Returns the
 * exit code; a schema that cannot be read or an output that cannot be written is reported
 * as one line (exit 1). Formats through `pool` when given (else with a pool of its own).
 */
export function generateAll(parsed: GenArgs, io: CliIo, pool?: FormatPool): Promise<number> {
  return reportFailures("gen", io, () => generateAllOrThrow(parsed, io, pool));
}

async function generateAllOrThrow(parsed: GenArgs, io: CliIo, pool?: FormatPool): Promise<number> {
  for (const schema of parsed.schemas) await checkReadableFile(schema, "schema");
  // Every output cached: written without loading the compiler, ts-morph or prettier.
  const cache = openOutputCache();
  const keys = cache === undefined ? [] : await Promise.all(parsed.schemas.map((schema) => outputKey(schema, parsed.options)));
  const cached = keys.map((key) => (key === undefined ? undefined : cache?.get(key)));
  if (cache !== undefined && cached.every((text) => text !== undefined)) {
    const outputs = parsed.schemas.map((schema, i) => ({ path: outputPath(parsed.outDir, schema), text: cached[i] as string }));
    return writeOutputs(parsed.outDir, outputs, io);
  }
  const ownPool = pool === undefined ? await createCliPool() : undefined;
  const formatter = (pool ?? ownPool)?.format;
  try {
    const [{ compileSchemaFile }, { formatDiagnostic }, { generateModule }] = await Promise.all([
      import("../compile.ts"),
      import("../diagnostics/format.ts"),
      import("../gen/generate.ts"),
    ]);
    const pending: Promise<SchemaOutcome>[] = [];
    for (const schema of parsed.schemas) {
      const result = await compileSchemaFile(schema, { naming: parsed.options.naming });
      const messages: string[] = [];
      if (result.diagnostics.length > 0) {
        const source = await readFile(schema, "utf8").catch(() => undefined);
        for (const d of result.diagnostics) messages.push(`${formatDiagnostic(d, source)}\n`);
      }
      const model = result.model;
      if (model === undefined) {
        pending.push(Promise.resolve({ messages }));
        continue;
      }
      // Not awaited here: the next schema compiles while this one is formatted.
      const generated = generateModule(model, { ...parsed.options, schemaPath: displayPath(schema), format: formatter }).then(
        (text): SchemaOutcome => ({ messages, output: { path: outputPath(parsed.outDir, schema), text } }),
        (e: unknown): SchemaOutcome => ({ messages: [...messages, `clusterc gen: error: ${schema}: ${oneLine(errorText(e))}\n`] }),
      );
      pending.push(generated);
    }
    const outcomes = await Promise.all(pending);
    let failed = false;
    for (const outcome of outcomes) {
      for (const m of outcome.messages) io.err(m);
      if (outcome.output === undefined) failed = true;
    }
    if (failed) {
      io.err("clusterc gen: errors found, nothing written\n");
      return EXIT_FAILURE;
    }
    const outputs = outcomes.flatMap((o) => (o.output === undefined ? [] : [o.output]));
    outcomes.forEach((outcome, i) => {
      const key = keys[i];
      if (key !== undefined && outcome.output !== undefined && outcome.messages.length === 0) cache?.set(key, outcome.output.text);
    });
    return await writeOutputs(parsed.outDir, outputs, io);
  } finally {
    await ownPool?.close();
  }
}

/** The output cache's key of `schema` (undefined when it cannot be read: the full path reports that). */
async function outputKey(schema: string, options: GenerateOptions): Promise<OutputKey | undefined> {
  const bytes = await readFile(schema).catch(() => undefined);
  return bytes === undefined ? undefined : { schema: bytes, schemaPath: displayPath(schema), options };
}

/** Writes the outputs whose text changed (checking every target first), naming each written file. */
async function writeOutputs(outDir: string, outputs: readonly { path: string; text: string }[], io: CliIo): Promise<number> {
  await ensureDir(outDir);
  for (const output of outputs) await checkOutputFile(output.path);
  for (const output of outputs) {
    const old = await readFile(output.path, "utf8").catch(() => undefined);
    if (old === output.text) continue;
    await writeOutputFile(output.path, output.text);
    io.err(`clusterc gen: wrote ${output.path}\n`);
  }
  return EXIT_OK;
}

/** Regenerates on every change of a schema file until SIGINT (or `signal`) stops it. */
export async function watchAll(parsed: GenArgs, io: CliIo, signal?: AbortSignal): Promise<number> {
  const pool = await createCliPool();
  try {
    return await watchWithPool(parsed, io, pool, signal);
  } finally {
    await pool.close();
  }
}

async function watchWithPool(parsed: GenArgs, io: CliIo, pool: FormatPool, signal?: AbortSignal): Promise<number> {
  await generateAll(parsed, io, pool);
  const byDir = new Map<string, Set<string>>();
  for (const s of parsed.schemas) {
    const dir = dirname(resolve(s));
    const set = byDir.get(dir) ?? new Set<string>();
    set.add(basename(s));
    byDir.set(dir, set);
  }
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      running = running.then(() => generateAll(parsed, io, pool).then(() => undefined));
    }, 100);
  };
  // Watch the folders (editors often replace files on save, which a file watcher misses).
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    try {
      const watcher = watch(dir, (_event, file) => {
        if (file === null || names.has(file.toString())) schedule();
      });
      // E.g. the folder was removed: say so on one line (an unhandled 'error' would crash with a stack).
      watcher.on("error", (e) => io.err(errorLine("gen", `stopped watching '${dir}': ${describeFsError(e)}`)));
      watchers.push(watcher);
    } catch (e) {
      for (const w of watchers) w.close();
      throw new CliError(`cannot watch '${dir}': ${describeFsError(e)}`);
    }
  }
  io.err(`clusterc gen: watching ${parsed.schemas.length} schema(s); Ctrl-C to stop\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      signal?.removeEventListener("abort", stop);
      done();
    };
    process.on("SIGINT", stop);
    signal?.addEventListener("abort", stop);
  });
  if (timer !== undefined) clearTimeout(timer);
  for (const w of watchers) w.close();
  await running;
  return 0;
}

/** Runs `clusterc gen` and returns the exit code. */
export async function run(args: readonly string[], io: CliIo = processIo, signal?: AbortSignal): Promise<number> {
  const parsed = parseGenArgs(args);
  if (parsed === "help") {
    io.out(`${GEN_USAGE}\n`);
    return 0;
  }
  if ("error" in parsed) return reportUsageError("gen", io, parsed.error);
  // Before the generator (and with it ts-morph and TypeScript) is first imported.
  enableCompileCache();
  return reportFailures("gen", io, async () => {
    const resolved = await resolveGenArgs(parsed, io);
    return resolved.watch ? watchAll(resolved, io, signal) : generateAll(resolved, io);
  });
}
