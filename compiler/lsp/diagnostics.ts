/**
 * Diagnostics as you type: the compiler's diagnostics of a document's current version, in the
 * protocol's shape — the same codes and messages as `clusterc check`, source `clusterc`, with
 * related locations. Publishing is coalesced: edits that arrive while the server is busy are
 * analysed once, at their latest version.
 */
import { type Connection, DiagnosticSeverity, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { AnalysisStore, DocumentAnalysis } from "./analysis.ts";
import { rangeOf } from "./positions.ts";

/** The code of the server's own warning for a document it does not analyse. */
export const FILE_TOO_LARGE = "file-too-large";

/** At most this many diagnostics are published per document (the first ones in file order). */
export const MAX_PUBLISHED_DIAGNOSTICS = 1000;

/** One compiler diagnostic in the protocol's shape. */
export function toLspDiagnostic(document: TextDocument, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: rangeOf(document, d.loc),
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: "clusterc",
    message: d.message,
  };
  if (d.related === undefined) return out;
  return {
    ...out,
    relatedInformation: d.related.map((r) => ({ location: { uri: document.uri, range: rangeOf(document, r.loc) }, message: r.message })),
  };
}

/** The diagnostics of an analysed document (one warning when it was too large to analyse). */
export function documentDiagnostics(analysis: DocumentAnalysis, maxFileSize: number): LspDiagnostic[] {
  if (analysis.schema === undefined) {
    const size = analysis.document.getText().length;
    return [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Warning,
        code: FILE_TOO_LARGE,
        source: "clusterc",
        message: `this file has ${size} characters, more than the language server analyses (${maxFileSize}); run 'clusterc check' on it`,
      },
    ];
  }
  return analysis.schema.diagnostics.slice(0, MAX_PUBLISHED_DIAGNOSTICS).map((d) => toLspDiagnostic(analysis.document, d));
}

/** Publishes diagnostics for documents, coalescing bursts of edits. */
export interface DiagnosticsPublisher {
  /** Publishes the document's diagnostics soon (once, however often it is called before then). */
  schedule(uri: string): void;
  /** Clears the diagnostics of a closed document. */
  clear(uri: string): void;
}

/** Options of {@link createDiagnosticsPublisher}. */
export interface DiagnosticsPublisherOptions {
  readonly connection: Connection;
  readonly store: AnalysisStore;
  /** The open document of a URI, if it is open. */
  readonly documentOf: (uri: string) => TextDocument | undefined;
}

/** Creates the publisher. */
export function createDiagnosticsPublisher(options: DiagnosticsPublisherOptions): DiagnosticsPublisher {
  const { connection, store, documentOf } = options;
  const pending = new Set<string>();
  const flush = (): void => {
    const uris = [...pending];
    pending.clear();
    for (const uri of uris) {
      const document = documentOf(uri);
      if (document === undefined) continue;
      try {
        const diagnostics = documentDiagnostics(store.analysisOf(document), store.maxFileSize);
        void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
      } catch (err: unknown) {
        connection.console.error(`clusterc lsp: diagnostics of ${uri} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  return {
    schedule(uri) {
      if (pending.size === 0) setImmediate(flush);
      pending.add(uri);
    },
    clear(uri) {
      pending.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    },
  };
}
