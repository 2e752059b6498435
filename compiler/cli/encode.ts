/**
 * `clusterc encode SCHEMA MESSAGE --json '{…}' [--packed]`: encodes a JSON value with the
 * generated codec of top-level struct MESSAGE and prints the bytes as hex (like
 * `protoc --encode`). JSON follows the conformance convention: 64-bit integers as decimal
 * strings, floats "inf"/"-inf"/"nan"/"-0", blobs {"hex": "…"}, maps as arrays of elements.
 * `--json -` reads the JSON from stdin. Exit: 0 ok, 1 schema/data error, 2 usage error.
 */
import { fromJsonValue, toHex } from "@clusterc/runtime/zproto";
import { CliError, reportUsageError } from "./errors.ts";
import { errorText, processIo, readStdin, type CliIo } from "./output.ts";
import { runWithMessageCodec } from "./codec-loader.ts";

/** The usage text of `clusterc encode`. */
export const ENCODE_USAGE = [
  "usage: clusterc encode SCHEMA MESSAGE --json JSON [--packed]",
  "",
  "Encodes JSON as zproto bytes with the generated codec of MESSAGE and prints hex.",
  "",
  "options:",
  "  --json JSON   the value (use - to read it from stdin)",
  "  --packed      print pack(encode(value)) (a silly cluster body)",
  "  -h, --help    print this help",
].join("\n");

/** `text` parsed as JSON; a syntax error is a one-line CliError naming `source` (also used by `clusterc call`). */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CliError(`${source} is not valid JSON: ${errorText(e)}`);
  }
}

interface EncodeArgs {
  readonly schema: string;
  readonly message: string;
  readonly json: string;
  readonly packed: boolean;
}

function parse(args: readonly string[]): EncodeArgs | { error: string } | "help" {
  const pos: string[] = [];
  let json: string | undefined;
  let packed = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "-h" || a === "--help") return "help";
    if (a === "--packed") packed = true;
    else if (a === "--json") {
      json = args[++i];
      if (json === undefined) return { error: "--json needs a value" };
    } else if (a.startsWith("--json=")) json = a.slice("--json=".length);
    else if (a.startsWith("-") && a !== "-") return { error: `unknown option '${a}'` };
    else pos.push(a);
  }
  if (pos.length !== 2) return { error: "expected SCHEMA and MESSAGE" };
  if (json === undefined) return { error: "missing --json" };
  return { schema: pos[0] ?? "", message: pos[1] ?? "", json, packed };
}

/** Runs `clusterc encode` and returns the exit code. */
export async function run(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const parsed = parse(args);
  if (parsed === "help") {
    io.out(`${ENCODE_USAGE}\n`);
    return 0;
  }
  if ("error" in parsed) return reportUsageError("encode", io, parsed.error);
  return runWithMessageCodec(
    {
      command: "encode",
      schema: parsed.schema,
      message: parsed.message,
      async act(codec, loaded) {
        const text = parsed.json === "-" ? await readStdin(io) : parsed.json;
        const value = fromJsonValue(loaded.model, parsed.message, parseJson(text, parsed.json === "-" ? "stdin" : "--json"));
        return toHex(parsed.packed ? codec.encodePacked(value) : codec.encode(value));
      },
    },
    io,
  );
}
