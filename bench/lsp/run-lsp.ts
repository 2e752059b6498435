/**
 * The language server part: `clusterc lsp` in its own process (as an editor starts it), driven
 * over stdio by vscode-languageserver-protocol's client on a synthetic schema of 1000 structs
 * (bench/compiler/schema-gen.ts). It measures the time from sending an edit (`didChange`) to
 * receiving the diagnostics of that version — the edits alternate between breaking a field's
 * type in the middle of the file and fixing it, and each answer is checked (one `unknown-type`,
 * then none) — plus the first diagnostics after opening, edits that leave a syntax error
 * (a half-typed field: the server then compiles the whole file), and hover and completion round
 * trips. The same server with whole-file analysis (`CLUSTERC_LSP_WHOLE_FILE=1`) runs as the peer
 * in the same run. Issue 18's target: diagnostics after an edit under 50 ms.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import {
  CompletionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  type Position,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol/node";
import { generateSchema } from "../compiler/schema-gen.ts";
import { REPO_ROOT } from "../lib/children.ts";
import type { BenchContext } from "../lib/context.ts";
import { describeError } from "../lib/errors.ts";
import type { BenchScale } from "../lib/options.ts";
import { median, quantileSorted } from "../lib/stats.ts";

/** Milliseconds of one kind of round trip. */
export interface LatencyMs {
  readonly median: number;
  readonly p95: number;
  readonly max: number;
  readonly samples: number;
}

/** The outcome of the language server part. */
export interface LspResult {
  readonly label: string;
  readonly structs: number;
  /** The peer: the server with `CLUSTERC_LSP_WHOLE_FILE=1` (every version compiled whole). */
  readonly wholeFile: boolean;
  readonly status: "ok" | "failed";
  readonly error?: string;
  /** Edits whose diagnostics were not the expected ones. */
  readonly wrong: number;
  /** From `didOpen` to the first diagnostics. */
  readonly openMs?: number;
  /** From `didChange` to the diagnostics of that version. */
  readonly diagnostics?: LatencyMs;
  /** The same for edits that type half a field (a syntax error) and remove it again. */
  readonly syntaxErrorDiagnostics?: LatencyMs;
  readonly hover?: LatencyMs;
  readonly completion?: LatencyMs;
}

/** Schema size and edits per scale. */
export function lspPlan(scale: BenchScale): { structs: number; edits: number; queries: number } {
  if (scale === "full") return { structs: 1000, edits: 100, queries: 50 };
  if (scale === "quick") return { structs: 1000, edits: 20, queries: 10 };
  return { structs: 50, edits: 4, queries: 2 };
}

function summarise(values: readonly number[]): LatencyMs {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: median(sorted), p95: quantileSorted(sorted, 0.95), max: sorted[sorted.length - 1] ?? 0, samples: sorted.length };
}

function positionOf(text: string, needle: string, delta = 0): Position {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' is not in the schema`);
  const before = text.slice(0, at + delta).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** One server to measure: how it is started and how much to do. */
interface ServerRun {
  readonly label: string;
  readonly env: NodeJS.ProcessEnv;
  readonly structs: number;
  readonly edits: number;
  readonly queries: number;
}

/** Runs the language server part: the server as shipped, then (peer) the same with whole-file analysis. */
export async function runLspPart(context: BenchContext, log: (line: string) => void): Promise<LspResult[]> {
  const { structs, edits, queries } = lspPlan(context.options.scale);
  return [
    await measureServer({ label: `clusterc lsp, ${structs} structs`, env: process.env, structs, edits, queries }, log),
    await measureServer(
      {
        label: `clusterc lsp, ${structs} structs, whole-file analysis (peer)`,
        env: { ...process.env, CLUSTERC_LSP_WHOLE_FILE: "1" },
        structs,
        edits: Math.max(2, Math.floor(edits / 5) * 2),
        queries: Math.max(1, Math.floor(queries / 5)),
      },
      log,
    ),
  ];
}

async function measureServer(run: ServerRun, log: (line: string) => void): Promise<LspResult> {
  const { label, structs, edits, queries } = run;
  const server = spawn(process.execPath, ["compiler/bin/clusterc.js", "lsp", "--stdio"], { cwd: REPO_ROOT, stdio: "pipe", env: run.env });
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  let stderr = "";
  server.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => waiting.get(p.version ?? -1)?.(p));
  connection.listen();
  const diagnosticsOf = (version: number, send: () => Promise<void>): Promise<{ ms: number; params: PublishDiagnosticsParams }> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version} within 20 s ${stderr}`)), 20_000);
      const t0 = performance.now();
      waiting.set(version, (params) => {
        clearTimeout(timer);
        waiting.delete(version);
        resolve({ ms: performance.now() - t0, params });
      });
      send().catch(reject);
    });
  try {
    const text = generateSchema(structs);
    const uri = pathToFileURL(`${REPO_ROOT}bench-lsp-${structs}.zp`).href;
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
    await connection.sendNotification(InitializedNotification.type, {});
    log(`${label}: open a ${structs}-struct schema (${(text.length / 1024).toFixed(0)} KiB) …`);
    const open = await diagnosticsOf(1, () =>
      connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "zproto", version: 1, text } }),
    );
    let wrong = open.params.diagnostics.length === 0 ? 0 : 1;
    const middle = Math.floor(structs / 2);
    const field = positionOf(text, `s${middle} 0x${(middle + 1).toString(16)} {\n\t.id:int32 1\n\t.name:string 2`, 0);
    const at = { line: field.line + 2, character: "\t.name:".length };
    /** Sends `edits` changes (the `i`-th from `change(i)`), timing each to its diagnostics; counts answers `ok` rejects. */
    let version = 1;
    const timeEdits = async (change: (i: number) => { edit: TextDocumentContentChangeEvent; ok: (codes: unknown[]) => boolean }) => {
      const out: number[] = [];
      for (let i = 0; i < edits; i++) {
        const { edit, ok } = change(i);
        const v = ++version;
        const { ms, params } = await diagnosticsOf(v, () =>
          connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version: v },
            contentChanges: [edit],
          }),
        );
        out.push(ms);
        if (!ok(params.diagnostics.map((d) => d.code))) wrong++;
      }
      return out;
    };
    log(`${label}: ${edits} edits …`);
    const times = await timeEdits((i) => {
      const broken = i % 2 === 0;
      return {
        edit: {
          range: { start: at, end: { line: at.line, character: at.character + (broken ? 6 : 5) } },
          text: broken ? "strng" : "string",
        },
        ok: (codes) => (broken ? codes.length === 1 && codes[0] === "unknown-type" : codes.length === 0),
      };
    });
    log(`${label}: ${edits} edits with a syntax error …`);
    const endOfName = { line: at.line, character: at.character + "string 2".length };
    const syntaxTimes = await timeEdits((i) => {
      const typing = i % 2 === 0;
      const end = typing ? endOfName : { line: endOfName.line + 1, character: 4 };
      return {
        edit: { range: { start: endOfName, end }, text: typing ? "\n\t.z:" : "" },
        ok: (codes) => (typing ? codes.includes("syntax-error") : codes.length === 0),
      };
    });
    const reference = positionOf(text, `\t.prev:s${middle - 1} 6`, "\t.prev:".length + 1);
    const hovers: number[] = [];
    const completions: number[] = [];
    for (let i = 0; i < queries; i++) {
      let t0 = performance.now();
      const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: reference });
      hovers.push(performance.now() - t0);
      if (!JSON.stringify(hover ?? "").includes(`struct \`s${middle - 1}\``)) wrong++;
      t0 = performance.now();
      const items = await connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { ...reference, character: "\t.prev:".length },
      });
      completions.push(performance.now() - t0);
      const labels = (Array.isArray(items) ? items : (items?.items ?? [])).map((item) => item.label);
      if (!labels.includes(`s${middle - 1}`) || labels.includes(`s${middle}`)) wrong++;
    }
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    return {
      label,
      structs,
      wholeFile: run.env["CLUSTERC_LSP_WHOLE_FILE"] === "1",
      status: "ok",
      wrong,
      openMs: open.ms,
      diagnostics: summarise(times),
      syntaxErrorDiagnostics: summarise(syntaxTimes),
      hover: summarise(hovers),
      completion: summarise(completions),
    };
  } catch (err: unknown) {
    return { label, structs, wholeFile: run.env["CLUSTERC_LSP_WHOLE_FILE"] === "1", status: "failed", wrong: 0, error: describeError(err) };
  } finally {
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    connection.dispose();
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
  }
}
