/**
 * `clusterc lsp [--stdio]`: the language server for `.zp` schemas, over standard input and
 * output (the Language Server Protocol; see `compiler/lsp/`). Editors start it and talk to it;
 * it runs until the client sends `exit` or closes its input. Also accepts the arguments editor
 * clients add (`--stdio`, `--clientProcessId N`: the server exits when that process is gone).
 */
import { format } from "node:util";
import { reportUsageError } from "./errors.ts";
import { processIo, type CliIo } from "./output.ts";

/** The usage text of `clusterc lsp`. */
export const LSP_USAGE = [
  "usage: clusterc lsp [--stdio]",
  "",
  "Runs the language server for .zp schemas over stdin/stdout: diagnostics as you type, hover,",
  "go to definition, references, completion, symbols, formatting, rename and quick fixes.",
  "Editors start it; see docs/editor-support.md.",
  "",
  "options:",
  "  --stdio                  talk over stdin/stdout (the default and only transport)",
  "  --clientProcessId PID    exit when process PID is gone (editors pass it)",
  "  --version                print the version and exit",
  "  -h, --help               print this help",
].join("\n");

/** Parsed command line of `clusterc lsp`. */
export type LspArgs = { readonly action: "serve" | "help" | "version" } | { readonly error: string };

/** Parses `lsp`'s arguments. */
export function parseLspArgs(args: readonly string[]): LspArgs {
  let action: "serve" | "help" | "version" = "serve";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--help" || arg === "-h") action = "help";
    else if (arg === "--version" || arg === "-v") action = action === "help" ? action : "version";
    else if (arg === "--stdio") continue;
    else if (arg === "--clientProcessId") i++;
    else if (arg.startsWith("--clientProcessId=")) continue;
    else if (["--node-ipc", "--socket", "--pipe"].some((t) => arg === t || arg.startsWith(`${t}=`))) {
      return { error: `'${arg}' is not supported: clusterc lsp talks over stdin/stdout (--stdio)` };
    } else return { error: `unknown argument '${arg}'` };
  }
  return { action };
}

/** Sends what the process would print through `console` to stderr: stdout carries the protocol only. */
function consoleToStderr(): void {
  const write = (...args: unknown[]): void => void process.stderr.write(`${format(...args)}\n`);
  console.log = write;
  console.info = write;
  console.warn = write;
  console.error = write;
  console.debug = write;
}

/** Runs `clusterc lsp`: prints help or the version, or serves until the client is done (the process then exits). */
export async function run(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseLspArgs(args);
  if ("error" in parsed) return reportUsageError("lsp", io, parsed.error);
  if (parsed.action === "help") {
    io.out(`${LSP_USAGE}\n`);
    return 0;
  }
  const { CLUSTERC_VERSION } = await import("../gen/version.ts");
  if (parsed.action === "version") {
    io.out(`${CLUSTERC_VERSION}\n`);
    return 0;
  }
  if (io !== processIo) return reportUsageError("lsp", io, "the language server talks over the process's stdin and stdout only");
  consoleToStderr();
  const [{ createConnection }, { startLanguageServer }] = await Promise.all([
    import("vscode-languageserver/node"),
    import("../lsp/server.ts"),
  ]);
  process.on("uncaughtException", (err) => process.stderr.write(`clusterc lsp: internal error: ${err.stack ?? err.message}\n`));
  startLanguageServer({ connection: createConnection(process.stdin, process.stdout), version: CLUSTERC_VERSION });
  return new Promise<number>(() => undefined);
}
