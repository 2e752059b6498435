/**
 * What the server knows about each open document: the front end's analysis of its current
 * version (computed once per version, on first need, incrementally from the previous one: see
 * `incremental/`), the symbol index built from it on demand, and the file path used in
 * diagnostics. A document over the size limit is not analysed at all: it gets one
 * `file-too-large` warning and empty answers, so one huge file cannot stall every keystroke.
 */
import { fileURLToPath } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { analyzeSchema, type SchemaAnalysis } from "../compile.ts";
import { createIncrementalAnalyzer, type IncrementalAnalyzer } from "./incremental/incremental-analysis.ts";
import { createSymbolIndex, type SymbolIndex } from "./symbol-index.ts";

/**
 * With this environment variable set to `1`, every version is compiled whole by `analyzeSchema`
 * instead of incrementally (a way to rule the incremental analysis out, and the benchmark's peer).
 */
export const WHOLE_FILE_ENV = "CLUSTERC_LSP_WHOLE_FILE";

/** Documents larger than this many characters are not analysed (unless the client sets `maxFileSize`). */
export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

/** One version of one document, analysed. */
export interface DocumentAnalysis {
  /**
   * The document (the same object across versions: read positions from it only while
   * {@link version} is still its version, i.e. synchronously after {@link AnalysisStore.analysisOf}).
   */
  readonly document: TextDocument;
  /** The document version analysed. */
  readonly version: number;
  /** The path diagnostics carry (the URI itself when it is not a `file:` URI). */
  readonly file: string;
  /** Undefined when the document is over the size limit. */
  readonly schema: SchemaAnalysis | undefined;
  /** The symbol index of `schema` (built on first call; empty when not analysed). */
  index(): SymbolIndex;
}

/** Analyses documents, one analysis per document version. */
export interface AnalysisStore {
  /** Documents with more characters are not analysed. */
  readonly maxFileSize: number;
  /** Changes the size limit (the client may set it at initialization); cached analyses are dropped. */
  setMaxFileSize(characters: number): void;
  /** The analysis of the document's current version. */
  analysisOf(document: TextDocument): DocumentAnalysis;
  /** Forgets a closed document. */
  forget(uri: string): void;
}

/** The file path of a URI, for diagnostics and messages. */
export function fileOfUri(uri: string): string {
  if (!uri.startsWith("file:")) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

const EMPTY_INDEX: SymbolIndex = {
  occurrences: [],
  at: () => undefined,
  occurrencesOf: () => [],
  definitionOf: () => undefined,
};

/** Analyses the document's current version with `analyzer` (which holds what it learnt from the previous versions). */
function analyzeDocument(document: TextDocument, analyzer: IncrementalAnalyzer, maxFileSize: number): DocumentAnalysis {
  const file = fileOfUri(document.uri);
  const text = document.getText();
  const schema = text.length > maxFileSize ? undefined : analyzer.analyze(text);
  let index: SymbolIndex | undefined;
  return {
    document,
    version: document.version,
    file,
    schema,
    index: () => {
      if (schema === undefined) return EMPTY_INDEX;
      index ??= createSymbolIndex(schema);
      return index;
    },
  };
}

/** An analyzer that compiles each version whole. */
function wholeFileAnalyzer(file: string): IncrementalAnalyzer {
  return { lastPath: "whole-file", analyze: (text) => analyzeSchema(text, file) };
}

/** Creates a store; `maxFileSize` in characters. */
export function createAnalysisStore(maxFileSize: number = DEFAULT_MAX_FILE_SIZE): AnalysisStore {
  const cache = new Map<string, DocumentAnalysis>();
  const analyzers = new Map<string, IncrementalAnalyzer>();
  let limit = maxFileSize;
  return {
    get maxFileSize() {
      return limit;
    },
    setMaxFileSize(characters) {
      limit = characters;
      cache.clear();
    },
    analysisOf(document) {
      const cached = cache.get(document.uri);
      if (cached !== undefined && cached.version === document.version && cached.document === document) return cached;
      let analyzer = analyzers.get(document.uri);
      if (analyzer === undefined) {
        const file = fileOfUri(document.uri);
        analyzer = process.env[WHOLE_FILE_ENV] === "1" ? wholeFileAnalyzer(file) : createIncrementalAnalyzer(file);
        analyzers.set(document.uri, analyzer);
      }
      const fresh = analyzeDocument(document, analyzer, limit);
      cache.set(document.uri, fresh);
      return fresh;
    },
    forget(uri) {
      cache.delete(uri);
      analyzers.delete(uri);
    },
  };
}
