/**
 * What the server tells the client it can do (the `initialize` answer), and what it reads of
 * the client's capabilities and initialization options.
 */
import {
  type ClientCapabilities,
  CodeActionKind,
  type InitializeParams,
  type ServerCapabilities,
  TextDocumentSyncKind,
} from "vscode-languageserver";
import { fileOfUri } from "./analysis.ts";

/** The server's capabilities: incremental sync and every feature it answers. */
export const SERVER_CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  completionProvider: { triggerCharacters: [":", "[", " ", ">", "."] },
  documentSymbolProvider: true,
  workspaceSymbolProvider: true,
  documentFormattingProvider: true,
  renameProvider: { prepareProvider: true },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
};

/** What the server uses of the client's `initialize` request. */
export interface ClientSettings {
  /** Completion items may carry snippet syntax. */
  readonly snippets: boolean;
  /** Workspace edits may carry change annotations (a rename's warning shows in the client's preview). */
  readonly changeAnnotations: boolean;
  /** The client watches files for the server when asked (`clusterc.json`, registered after initialization). */
  readonly watchFiles: boolean;
  /** The workspace folders, as paths. */
  readonly roots: readonly string[];
  /** `initializationOptions.maxFileSize`, when the client sets a positive number. */
  readonly maxFileSize?: number;
}

/** Reads the client's settings from its `initialize` request. */
export function readClientSettings(params: InitializeParams): ClientSettings {
  const caps: ClientCapabilities = params.capabilities ?? {};
  const edits = caps.workspace?.workspaceEdit;
  const folders = params.workspaceFolders ?? [];
  const roots = folders.length > 0 ? folders.map((f) => f.uri) : params.rootUri ? [params.rootUri] : [];
  const options: unknown = params.initializationOptions;
  const max = typeof options === "object" && options !== null ? (options as { maxFileSize?: unknown }).maxFileSize : undefined;
  return {
    snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
    changeAnnotations: edits?.documentChanges === true && edits.changeAnnotationSupport !== undefined,
    watchFiles: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    roots: roots.filter((uri) => uri.startsWith("file:")).map(fileOfUri),
    ...(typeof max === "number" && Number.isFinite(max) && max > 0 ? { maxFileSize: max } : {}),
  };
}
