/**
 * What the server knows about each open document: the front end's analysis of its current
 * version (computed once per version, on first need, incrementally from the previous one: see
 * `incremental/`), the symbol index built from it on demand, and the file path used in
 * diagnostics, and the generation style it was analysed for (naming and int64, from
 * `clusterc.json`: see `workspace-config.ts`; a changed naming analyses the document afresh). A document over the size limit is not analysed at all: it gets one
 * `file-too-large` warning and empty answers, so one huge file cannot stall every keystroke.
 */
import { fileURLToPath } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { analyzeSchema, type SchemaAnalysis } from "../compile.ts";
import type { NamingStyle } from "../naming/ts-names.ts";
import { createIncrementalAnalyzer, type IncrementalAnalyzer } from "./incremental/incremental-analysis.ts";
import { createSymbolIndex, type SymbolIndex } from "./symbol-index.ts";
import { DEFAULT_GEN_STYLE, type GenStyle } from "./workspace-config.ts";

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
  /** How the generated TypeScript looks (the checks use its naming; hover, completion and rename all of it). */
  readonly style: GenStyle;
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

/** An analyzer of one document, for one naming style. */
interface NamedAnalyzer extends IncrementalAnalyzer {
  readonly naming: NamingStyle;
}

/** Analyses the document's current version with `analyzer` (which holds what it learnt from the previous versions). */
function analyzeDocument(document: TextDocument, analyzer: NamedAnalyzer, style: GenStyle, maxFileSize: number): DocumentAnalysis {
  const file = fileOfUri(document.uri);
  const text = document.getText();
  const schema = text.length > maxFileSize ? undefined : analyzer.analyze(text);
  let index: SymbolIndex | undefined;
  return {
    document,
    version: document.version,
    file,
    style,
    schema,
    index: () => {
      if (schema === undefined) return EMPTY_INDEX;
      index ??= createSymbolIndex(schema);
      return index;
    },
  };
}

/** An analyzer that compiles each version whole. */
function wholeFileAnalyzer(file: string, naming: NamingStyle): IncrementalAnalyzer {
  return { lastPath: "whole-file", analyze: (text) => analyzeSchema(text, file, { naming }) };
}

function createAnalyzer(file: string, naming: NamingStyle): NamedAnalyzer {
  const analyzer = process.env[WHOLE_FILE_ENV] === "1" ? wholeFileAnalyzer(file, naming) : createIncrementalAnalyzer(file, naming);
  return {
    naming,
    analyze: (text) => analyzer.analyze(text),
    get lastPath() {
      return analyzer.lastPath;
    },
  };
}

/** Options of {@link createAnalysisStore}. */
export interface AnalysisStoreOptions {
  /** Documents with more characters are not analysed (default {@link DEFAULT_MAX_FILE_SIZE}). */
  readonly maxFileSize?: number;
  /** The generation style for the schema at a path (default: `clusterc gen`'s defaults for all). */
  readonly styleOf?: (file: string) => GenStyle;
}

/** Creates a store. */
export function createAnalysisStore(options: AnalysisStoreOptions = {}): AnalysisStore {
  const cache = new Map<string, DocumentAnalysis>();
  const analyzers = new Map<string, NamedAnalyzer>();
  const styleOf = options.styleOf ?? ((): GenStyle => DEFAULT_GEN_STYLE);
  let limit = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  return {
    get maxFileSize() {
      return limit;
    },
    setMaxFileSize(characters) {
      limit = characters;
      cache.clear();
    },
    analysisOf(document) {
      const file = fileOfUri(document.uri);
      const style = styleOf(file);
      const cached = cache.get(document.uri);
      const same = cached?.style.naming === style.naming && cached.style.int64 === style.int64;
      if (cached !== undefined && same && cached.version === document.version && cached.document === document) return cached;
      let analyzer = analyzers.get(document.uri);
      if (analyzer?.naming !== style.naming) {
        analyzer = createAnalyzer(file, style.naming);
        analyzers.set(document.uri, analyzer);
      }
      const fresh = analyzeDocument(document, analyzer, style, limit);
      cache.set(document.uri, fresh);
      return fresh;
    },
    forget(uri) {
      cache.delete(uri);
      analyzers.delete(uri);
    },
  };
}
