/**
 * The VS Code extension for `.zp` schemas: the grammar and language configuration are declared
 * in package.json; this client starts `clusterc lsp` from the workspace's node_modules (see
 * find-server.mts) with VS Code's own Node and talks to it over stdio. Without clusterc installed
 * the extension still highlights, and says once how to get the language server.
 */
import { type ExtensionContext, window, workspace } from "vscode";
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from "vscode-languageclient/node";
import { findServer } from "./find-server.mts";

let client: LanguageClient | undefined;

/** Starts the language client when a `.zp` file is opened. */
export async function activate(context: ExtensionContext): Promise<void> {
  const config = workspace.getConfiguration("clusterc");
  const folders = (workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const launcher = findServer(folders, config.get<string>("server.path", ""));
  if (launcher === undefined) {
    void window.showInformationMessage(
      "clusterc: no clusterc in this workspace's node_modules (npm install --save-dev clusterc), and clusterc.server.path is not set: .zp files are highlighted, but the language server is off.",
    );
    return;
  }
  const run = { module: launcher, args: ["lsp"], transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run, debug: run };
  const watcher = workspace.createFileSystemWatcher("**/*.zp");
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "zproto" },
      { scheme: "untitled", language: "zproto" },
    ],
    initializationOptions: { maxFileSize: config.get<number>("server.maxFileSize", 1024 * 1024) },
    synchronize: { fileEvents: watcher },
  };
  client = new LanguageClient("clusterc", "clusterc (zproto)", serverOptions, clientOptions);
  await client.start();
}

/** Stops the language server. */
export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
