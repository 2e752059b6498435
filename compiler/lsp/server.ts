/**
 * The language server: documents in, answers out. It wires one handler per request kind (each
 * in its own file) to a connection, over the compiler's front end only — a keystroke compiles
 * the document (lexer, parser, resolution, checks) and never generates code. Any unexpected
 * failure inside a handler is logged and answered with an empty result: the server stays up.
 */
import {
  type Connection,
  DidChangeWatchedFilesNotification,
  type InitializeResult,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  type TextDocumentPositionParams,
  TextDocuments,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { type AnalysisStore, createAnalysisStore, type DocumentAnalysis } from "./analysis.ts";
import { type ClientSettings, readClientSettings, SERVER_CAPABILITIES } from "./capabilities.ts";
import { codeActions } from "./code-actions.ts";
import { completion } from "./completion.ts";
import { definition } from "./definition.ts";
import { createDiagnosticsPublisher } from "./diagnostics.ts";
import { documentSymbols } from "./document-symbols.ts";
import { formatting } from "./formatting.ts";
import { hover } from "./hover.ts";
import { offsetOf, rangeOf, rangeOfLineColumn } from "./positions.ts";
import { documentHighlights, references } from "./references.ts";
import { prepareRename, rename } from "./rename.ts";
import { createWorkspaceConfig } from "./workspace-config.ts";
import { createWorkspaceFiles } from "./workspace-files.ts";
import { workspaceSymbols, type SymbolSource } from "./workspace-symbols.ts";

/** Options of {@link startLanguageServer}. */
export interface LanguageServerOptions {
  /** The connection to the client (stdio for `clusterc lsp`). */
  readonly connection: Connection;
  /** The version reported in `serverInfo`. */
  readonly version: string;
}

/** Runs `fn`, turning an unexpected exception into a logged error and `empty`; refusals (ResponseError) go to the client. */
function safely<T>(connection: Connection, what: string, empty: T, fn: () => T): T {
  try {
    return fn();
  } catch (err: unknown) {
    if (err instanceof ResponseError) throw err;
    connection.console.error(`clusterc lsp: ${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return empty;
  }
}

/** Wires the handlers to `connection` and starts listening. */
export function startLanguageServer(options: LanguageServerOptions): void {
  const { connection } = options;
  const documents = new TextDocuments(TextDocument);
  const config = createWorkspaceConfig({ warn: (message) => connection.console.warn(`clusterc lsp: ${message}`) });
  const store: AnalysisStore = createAnalysisStore({ styleOf: (file) => config.styleOf(file) });
  const workspace = createWorkspaceFiles(store.maxFileSize);
  const publisher = createDiagnosticsPublisher({ connection, store, documentOf: (uri) => documents.get(uri) });
  let client: ClientSettings = { snippets: false, changeAnnotations: false, watchFiles: false, roots: [] };

  const analysisOf = (uri: string): DocumentAnalysis | undefined => {
    const document = documents.get(uri);
    return document === undefined ? undefined : store.analysisOf(document);
  };
  /** Answers a request at a position: `empty` for a document that is not open or a position outside it. */
  const at = <T>(what: string, params: TextDocumentPositionParams, empty: T, fn: (a: DocumentAnalysis, offset: number) => T): T =>
    safely(connection, what, empty, () => {
      const analysis = analysisOf(params.textDocument?.uri);
      const offset = analysis === undefined ? undefined : offsetOf(analysis.document, params.position);
      return analysis === undefined || offset === undefined ? empty : fn(analysis, offset);
    });

  connection.onInitialize((params): InitializeResult => {
    client = readClientSettings(params);
    if (client.maxFileSize !== undefined) store.setMaxFileSize(client.maxFileSize);
    workspace.setRoots(client.roots);
    config.setRoots(client.roots);
    return { capabilities: SERVER_CAPABILITIES, serverInfo: { name: "clusterc", version: options.version } };
  });

  // A changed clusterc.json may change the naming, hence `name-clash` and `case-clash`: check the open documents again.
  connection.onInitialized(() => {
    if (client.watchFiles) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/clusterc.json" }] })
        .catch(() => undefined);
    }
  });
  connection.onDidChangeWatchedFiles(() => {
    for (const document of documents.all()) publisher.schedule(document.uri);
  });

  documents.onDidOpen((e) => publisher.schedule(e.document.uri));
  documents.onDidChangeContent((e) => publisher.schedule(e.document.uri));
  documents.onDidClose((e) => {
    store.forget(e.document.uri);
    publisher.clear(e.document.uri);
  });

  connection.onHover((p) => at("hover", p, null, hover));
  connection.onDefinition((p) => at("definition", p, null, definition));
  connection.onReferences((p) => at("references", p, [], (a, o) => references(a, o, p.context?.includeDeclaration !== false)));
  connection.onDocumentHighlight((p) => at("highlight", p, [], documentHighlights));
  connection.onCompletion((p) => at("completion", p, [], (a, o) => completion(a, o, client.snippets)));
  connection.onPrepareRename((p) => at("prepareRename", p, null, prepareRename));
  connection.onRenameRequest((p) =>
    at("rename", p, null, (a, o) => {
      const result = rename(a, o, String(p.newName), client.changeAnnotations);
      if (result.warning !== "")
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: result.warning });
      return result.edit;
    }),
  );
  connection.onDocumentSymbol((p) =>
    safely(connection, "documentSymbol", [], () => {
      const analysis = analysisOf(p.textDocument?.uri);
      return analysis === undefined ? [] : documentSymbols(analysis);
    }),
  );
  connection.onDocumentFormatting((p) =>
    safely(connection, "formatting", [], () => {
      const analysis = analysisOf(p.textDocument?.uri);
      return analysis === undefined ? [] : formatting(analysis);
    }),
  );
  connection.onCodeAction((p) =>
    safely(connection, "codeAction", [], () => {
      const analysis = analysisOf(p.textDocument?.uri);
      return analysis === undefined || p.range === undefined ? [] : codeActions(analysis, p.range);
    }),
  );
  connection.onWorkspaceSymbol(async (p) => {
    const open = documents.all().flatMap((document): SymbolSource[] => {
      const schema = store.analysisOf(document).schema;
      return schema === undefined ? [] : [{ uri: document.uri, schema, rangeOf: (loc) => rangeOf(document, loc) }];
    });
    const openUris = new Set(open.map((s) => s.uri));
    const onDisk = (await workspace.list().catch(() => [])).filter((f) => !openUris.has(f.uri));
    const disk = onDisk.map((f): SymbolSource => ({ uri: f.uri, schema: f.schema, rangeOf: rangeOfLineColumn }));
    return safely(connection, "workspaceSymbol", [], () => workspaceSymbols([...open, ...disk], String(p.query ?? "")));
  });

  documents.listen(connection);
  connection.listen();
}
