/**
 * Loads the generated codecs of a schema for `clusterc encode/decode`: compiles the schema,
 * generates its module into a temporary folder (the runtime imported by file URL, so it works
 * from anywhere) and imports it. The CLI therefore runs exactly the generated code.
 * Modules are cached per process by path, size and modification time.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { MessageCodec } from "@clusterc/runtime/zproto";
import { compileSchemaFile } from "../compile.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { formatDiagnostic } from "../diagnostics/format.ts";
import { computeStructNames, generateModule } from "../gen/index.ts";
import type { SchemaModel } from "../model/schema-model.ts";
import { CliError, EXIT_FAILURE, EXIT_OK, reportFailures } from "./errors.ts";
import { checkReadableFile } from "./files.ts";
import type { CliIo } from "./output.ts";

/** A schema's model and its imported generated module. */
export interface LoadedCodecs {
  readonly model: SchemaModel;
  /** The codec of top-level struct `message`, or undefined if there is none. */
  codec(message: string): MessageCodec<unknown> | undefined;
  /** Names of the top-level structs (for error messages). */
  readonly messages: readonly string[];
}

/** Failure to load: formatted diagnostics text. */
export interface LoadFailure {
  readonly error: string;
}

/** The runtime entry generated codecs import, resolved from this package (a file: URL, so the temporary module finds it). */
const RUNTIME_URL = import.meta.resolve("@clusterc/runtime/codegen-v1");
const cache = new Map<string, LoadedCodecs>();
let counter = 0;

async function formatAll(diagnostics: readonly Diagnostic[], path: string): Promise<string> {
  const source = await readFile(path, "utf8").catch(() => undefined);
  return diagnostics.map((d) => formatDiagnostic(d, source)).join("\n");
}

/** Compiles, generates and imports the codecs of `schemaPath`. */
export async function loadCodecs(schemaPath: string): Promise<LoadedCodecs | LoadFailure> {
  let key: string;
  try {
    const st = statSync(schemaPath);
    key = `${resolve(schemaPath)}:${st.size}:${st.mtimeMs}`;
  } catch {
    key = resolve(schemaPath);
  }
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const compiled = await compileSchemaFile(schemaPath);
  if (compiled.model === undefined) return { error: await formatAll(compiled.diagnostics, schemaPath) };
  const model = compiled.model;
  // Schema names: the JSON convention of encode/decode (and of the conformance vectors and
  // silly's Lua tables) keys objects by the names written in the schema.
  const source = await generateModule(model, { runtimeImport: RUNTIME_URL, naming: "schema" });
  const dir = mkdtempSync(join(tmpdir(), "clusterc-cli-"));
  let mod: Record<string, unknown>;
  try {
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    const file = join(dir, `schema${counter++}.ts`);
    writeFileSync(file, source);
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const names = computeStructNames(model);
  const top = model.structs.filter((s) => s.parent === undefined);
  const loaded: LoadedCodecs = {
    model,
    messages: top.map((s) => s.name),
    codec(message) {
      const s = top.find((x) => x.name === message);
      if (s === undefined) return undefined;
      return mod[names.get(s.qualifiedName)?.type ?? ""] as MessageCodec<unknown> | undefined;
    },
  };
  cache.set(key, loaded);
  return loaded;
}

/**
 * True for the codec's EncodeError or DecodeError. Checked by name, not `instanceof`: the
 * generated module imports the runtime by URL and may get another copy of its classes than
 * this module (under a bundler or a test runner, say).
 */
function isCodecError(e: unknown): e is Error {
  return e instanceof Error && (e.name === "EncodeError" || e.name === "DecodeError");
}

/** What {@link runWithMessageCodec} needs from an encode/decode command. */
export interface MessageCodecCommand {
  /** `encode` or `decode`, for messages. */
  readonly command: string;
  readonly schema: string;
  readonly message: string;
  /** The command's work on the message's codec; returns the line to print. */
  act(codec: MessageCodec<unknown>, loaded: LoadedCodecs): Promise<string>;
}

/**
 * Loads the schema's codecs, finds the top-level struct, runs `act` and prints its result.
 * Returns the exit code: 0, or 1 for an unreadable schema, schema errors, an unknown message
 * or bad data (an EncodeError, DecodeError or {@link CliError} from `act`), each reported as
 * one line but for schema diagnostics; anything else is an internal error (70).
 */
export function runWithMessageCodec(spec: MessageCodecCommand, io: CliIo): Promise<number> {
  return reportFailures(spec.command, io, async () => {
    await checkReadableFile(spec.schema, "schema");
    const loaded = await loadCodecs(spec.schema);
    if ("error" in loaded) {
      io.err(`${loaded.error}\n`);
      return EXIT_FAILURE;
    }
    const codec = loaded.codec(spec.message);
    if (codec === undefined) {
      throw new CliError(`no top-level struct '${spec.message}' in ${spec.schema} (have: ${loaded.messages.join(", ")})`);
    }
    let line: string;
    try {
      line = await spec.act(codec, loaded);
    } catch (e) {
      if (isCodecError(e)) throw new CliError(e.message);
      throw e;
    }
    io.out(`${line}\n`);
    return EXIT_OK;
  });
}
