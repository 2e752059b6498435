/**
 * `clusterc decode SCHEMA MESSAGE HEX [--packed] [--pretty]`: decodes hex bytes with the
 * generated codec of top-level struct MESSAGE and prints JSON (the conformance convention,
 * keys in schema order). HEX `-` reads the hex from stdin. Exit: 0 ok, 1 schema/data
 * error, 2 usage error.
 */
import { fromHex, toJsonValue } from "@clusterc/runtime/zproto";
import { reportUsageError } from "./errors.ts";
import { processIo, readStdin, type CliIo } from "./output.ts";
import { runWithMessageCodec } from "./codec-loader.ts";

/** The usage text of `clusterc decode`. */
export const DECODE_USAGE = [
  "usage: clusterc decode SCHEMA MESSAGE HEX [--packed] [--pretty]",
  "",
  "Decodes zproto bytes (hex; - reads stdin) with the generated codec of MESSAGE and prints JSON.",
  "",
  "options:",
  "  --packed      the input is pack(encode(value)) (a silly cluster body)",
  "  --pretty      indent the JSON",
  "  -h, --help    print this help",
].join("\n");

interface DecodeArgs {
  readonly schema: string;
  readonly message: string;
  readonly hex: string;
  readonly packed: boolean;
  readonly pretty: boolean;
}

function parse(args: readonly string[]): DecodeArgs | { error: string } | "help" {
  const pos: string[] = [];
  let packed = false;
  let pretty = false;
  for (const a of args) {
    if (a === "-h" || a === "--help") return "help";
    if (a === "--packed") packed = true;
    else if (a === "--pretty") pretty = true;
    else if (a.startsWith("-") && a !== "-") return { error: `unknown option '${a}'` };
    else pos.push(a);
  }
  if (pos.length !== 3) return { error: "expected SCHEMA, MESSAGE and HEX" };
  return { schema: pos[0] ?? "", message: pos[1] ?? "", hex: pos[2] ?? "", packed, pretty };
}

/** Runs `clusterc decode` and returns the exit code. */
export async function run(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const parsed = parse(args);
  if (parsed === "help") {
    io.out(`${DECODE_USAGE}\n`);
    return 0;
  }
  if ("error" in parsed) return reportUsageError("decode", io, parsed.error);
  return runWithMessageCodec(
    {
      command: "decode",
      schema: parsed.schema,
      message: parsed.message,
      async act(codec, loaded) {
        const bytes = fromHex(parsed.hex === "-" ? await readStdin(io) : parsed.hex);
        const value = parsed.packed ? codec.decodePacked(bytes) : codec.decode(bytes);
        const json = toJsonValue(loaded.model, parsed.message, value);
        return parsed.pretty ? JSON.stringify(json, null, 2) : JSON.stringify(json);
      },
    },
    io,
  );
}
