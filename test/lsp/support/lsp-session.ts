/**
 * A protocol-level client for the language server tests: starts the real `clusterc lsp` as a
 * child process, talks to it with vscode-languageserver-protocol's client connection, records
 * the diagnostics it publishes, and stops it — politely (shutdown, exit) or, when that does not
 * work within a bounded wait, by killing its PID.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import {
  type ClientCapabilities,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  type ShowMessageParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol/node";
import { CLI_BIN } from "../../compiler/cli/process.ts";
import { REPO_ROOT } from "../../compiler/helpers.ts";

/** Resolves when `check()` holds, polling every 5 ms; rejects after `timeout` ms naming `what`. */
export async function waitFor(check: () => boolean, timeout: number, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A running server and a client connected to it. */
export interface LspSession {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcessWithoutNullStreams;
  readonly initialize: InitializeResult;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Every `window/showMessage` so far. */
  readonly messages: ShowMessageParams[];
  /** The latest diagnostics published for `uri`. */
  diagnostics(uri: string): PublishDiagnosticsParams | undefined;
  /** Waits until the latest diagnostics of `uri` satisfy `check`, and returns them. */
  waitForDiagnostics(uri: string, check: (p: PublishDiagnosticsParams) => boolean, what: string): Promise<PublishDiagnosticsParams>;
  open(uri: string, text: string, version?: number): Promise<void>;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void>;
  close(uri: string): Promise<void>;
  /** Shuts the server down and waits for it to exit; returns its exit code (killed by PID if it does not exit). */
  stop(): Promise<number | null>;
}

/** Options of {@link startLspSession}. */
export interface LspSessionOptions {
  readonly rootPath?: string;
  readonly capabilities?: ClientCapabilities;
  readonly initializationOptions?: unknown;
}

/** The `file:` URI of a path. */
export const uriOf = (path: string): string => pathToFileURL(path).href;

/** Capabilities of a client that takes snippets and annotated workspace edits, like VS Code. */
export const RICH_CLIENT: ClientCapabilities = {
  textDocument: { completion: { completionItem: { snippetSupport: true } }, publishDiagnostics: { relatedInformation: true } },
  workspace: { workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } } },
};

const live = new Set<ChildProcessWithoutNullStreams>();

/** Kills every server still running (by PID); for afterAll hooks. */
export function killAllServers(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  live.clear();
}

/** Starts `clusterc lsp --stdio` and initializes it. */
export async function startLspSession(options: LspSessionOptions = {}): Promise<LspSession> {
  const child = spawn(process.execPath, [CLI_BIN, "lsp", "--stdio"], { cwd: REPO_ROOT, stdio: "pipe" });
  live.add(child);
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Map<string, PublishDiagnosticsParams>();
  const messages: ShowMessageParams[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => void published.set(p.uri, p));
  connection.onNotification(ShowMessageNotification.type, (p) => void messages.push(p));
  connection.onError(() => undefined);
  connection.listen();
  const root = options.rootPath ?? REPO_ROOT;
  const initialize = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: uriOf(root),
    workspaceFolders: [{ uri: uriOf(root), name: "root" }],
    capabilities: options.capabilities ?? RICH_CLIENT,
    initializationOptions: options.initializationOptions,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    connection,
    child,
    initialize,
    stderr: () => stderr,
    messages,
    diagnostics: (uri) => published.get(uri),
    async waitForDiagnostics(uri, check, what) {
      await waitFor(
        () => {
          const p = published.get(uri);
          return p !== undefined && check(p);
        },
        15_000,
        what,
      );
      return published.get(uri)!;
    },
    open: (uri, text, version = 1) =>
      connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "zproto", version, text } }),
    change: (uri, version, changes) =>
      connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes }),
    close: (uri) => connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } }),
    async stop() {
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      try {
        if (child.exitCode === null) {
          await Promise.race([connection.sendRequest(ShutdownRequest.type), exited]);
          await connection.sendNotification(ExitNotification.type).catch(() => undefined);
        }
        return await exited;
      } finally {
        clearTimeout(timer);
        connection.dispose();
        live.delete(child);
      }
    },
  };
}
