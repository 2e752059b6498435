/**
 * The front end, incrementally, for a document being edited: the same result as
 * `analyzeSchema(text, file)` (diagnostics, AST, resolution; the model on demand), computed from
 * the previous clean version where it can be.
 *
 * - The text is cut into chunks of whole top-level items (`chunks.ts`). Chunks equal to the
 *   previous version's at the start and at the end are reused: their ASTs are moved in place, not
 *   parsed again; the chunks in between are lexed and parsed alone (`parsed-chunk.ts`).
 * - The checks run over the whole assembled AST, except in the common case of an edit inside one
 *   struct chunk that keeps the line count and the chunk's skeleton (`skeleton.ts`): then the
 *   global checks run over the whole schema, the focusable ones over the edited chunk only, and the
 *   other chunks keep their previous findings (`focused-checks.ts`).
 * - Whenever a chunk does not read cleanly (a syntax error, nesting too deep) or anything fails,
 *   the whole text is compiled by `analyzeSchema`, and the last clean version stays the base.
 *
 * test/lsp/incremental.test.ts compares it with `analyzeSchema` after random edits of random
 * schemas. Analyses share AST nodes across versions: only the latest one may be read.
 */
import { analyzeSchema, type SchemaAnalysis } from "../../compile.ts";
import { ALL_CHECKS, runChecks } from "../../check/index.ts";
import { type Diagnostic, hasErrors, sortDiagnostics } from "../../diagnostics/diagnostic.ts";
import type { SourceLocation } from "../../diagnostics/source-location.ts";
import { buildModel } from "../../model/build.ts";
import { createResolution } from "../../model/resolve.ts";
import type { SchemaModel } from "../../model/schema-model.ts";
import type { SchemaNode } from "../../syntax/ast.ts";
import { createEndLocation } from "../../syntax/locations.ts";
import { splitChunks, type TextChunk } from "./chunks.ts";
import { FOCUSABLE_CODES, GLOBAL_CHECKS, runFocusedChecks } from "./focused-checks.ts";
import { type ParsedChunk, parseChunk } from "./parsed-chunk.ts";
import { mapElementUses, skeletonOf } from "./skeleton.ts";

/**
 * How the last analysis was made: `checked-edit` (the edited chunk parsed and checked alone),
 * `chunks` (new chunks parsed, all checks run), `whole-file` (analyzeSchema).
 */
export type AnalysisPath = "checked-edit" | "chunks" | "whole-file";

/** Analyses successive versions of one document. */
export interface IncrementalAnalyzer {
  /** The analysis of `text`, equal to `analyzeSchema(text, file)`. */
  analyze(text: string): SchemaAnalysis;
  /** How the last {@link analyze} was made (for tests and benchmarks). */
  readonly lastPath: AnalysisPath | undefined;
}

/** Focusable findings of one chunk, by check code, in the order the checks reported them. */
type ChunkFindings = ReadonlyMap<string, readonly Diagnostic[]>;

/** The last version whose every chunk read cleanly. */
interface CleanState {
  readonly chunks: readonly ParsedChunk[];
  /** Per chunk; undefined when some focusable finding fell outside every chunk (no reuse then). */
  readonly findings: readonly ChunkFindings[] | undefined;
  readonly mapElements: ReadonlySet<string>;
}

/** A copy of a diagnostic whose locations are its own (AST locations move in place). */
function detach(d: Diagnostic, shift: (loc: SourceLocation) => SourceLocation = (loc) => ({ ...loc })): Diagnostic {
  const out: Diagnostic = { ...d, loc: shift(d.loc) };
  return d.related === undefined ? out : { ...out, related: d.related.map((r) => ({ ...r, loc: shift(r.loc) })) };
}

function mapElementsOf(chunks: readonly ParsedChunk[]): Set<string> {
  const out = new Set<string>();
  for (const chunk of chunks) for (const name of mapElementUses(chunk.items)) out.add(name);
  return out;
}

/** Splits focusable findings by the chunk they are in; undefined if one is in none. */
function partition(diagnostics: readonly Diagnostic[], chunks: readonly ParsedChunk[]): ChunkFindings[] | undefined {
  const out = chunks.map(() => new Map<string, Diagnostic[]>());
  for (const d of diagnostics) {
    if (!FOCUSABLE_CODES.has(d.code)) continue;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid]!.start <= d.loc.offset) lo = mid;
      else hi = mid - 1;
    }
    const chunk = chunks[lo];
    if (chunk === undefined || d.loc.offset < chunk.start || d.loc.offset >= chunk.start + chunk.text.length) return undefined;
    const byCode = out[lo]!;
    const list = byCode.get(d.code);
    if (list === undefined) byCode.set(d.code, [d]);
    else list.push(d);
  }
  return out;
}

/** Where the text ends (as `createEndLocation` says), read from its last chunk only. */
function endOf(file: string, text: string, chunks: readonly ParsedChunk[]): SourceLocation {
  const last = chunks[chunks.length - 1];
  if (last === undefined) return createEndLocation(file, text);
  const tail = createEndLocation(file, last.text);
  return { file, line: last.line + tail.line, column: tail.column, offset: text.length, length: 1 };
}

function analysisOf(ast: SchemaNode, resolution: ReturnType<typeof createResolution>, diagnostics: Diagnostic[]): SchemaAnalysis {
  let model: SchemaModel | undefined;
  const failed = hasErrors(diagnostics);
  return {
    ast,
    resolution,
    diagnostics,
    get model() {
      if (failed) return undefined;
      model ??= buildModel({ schema: ast, resolution });
      return model;
    },
  };
}

/** Creates an analyzer for the document whose diagnostics name `file`. */
export function createIncrementalAnalyzer(file: string): IncrementalAnalyzer {
  let state: CleanState | undefined;
  let lastPath: AnalysisPath | undefined;

  const analyzeChunks = (text: string, pieces: readonly TextChunk[]): SchemaAnalysis | undefined => {
    const old = state?.chunks ?? [];
    let prefix = 0;
    while (prefix < pieces.length && prefix < old.length && pieces[prefix]!.text === old[prefix]!.text) prefix++;
    let suffix = 0;
    while (
      suffix < pieces.length - prefix &&
      suffix < old.length - prefix &&
      pieces[pieces.length - 1 - suffix]!.text === old[old.length - 1 - suffix]!.text
    ) {
      suffix++;
    }
    const middle: ParsedChunk[] = [];
    for (const piece of pieces.slice(prefix, pieces.length - suffix)) {
      const parsed = parseChunk(piece, text, file);
      if (parsed === undefined) return undefined;
      middle.push(parsed);
    }
    const oldMiddle = old.slice(prefix, old.length - suffix);
    const kept = old.slice(old.length - suffix);
    const firstKept = kept[0];
    const offsetShift = firstKept === undefined ? 0 : pieces[pieces.length - suffix]!.start - firstKept.start;
    const lineShift = firstKept === undefined ? 0 : pieces[pieces.length - suffix]!.line - firstKept.line;
    const oldMiddleEnd = firstKept?.start ?? Number.POSITIVE_INFINITY;
    const chunks = [...old.slice(0, prefix), ...middle, ...kept];

    const fast =
      state?.findings !== undefined &&
      middle.length === 1 &&
      oldMiddle.length === 1 &&
      lineShift === 0 &&
      [...middle[0]!.items, ...oldMiddle[0]!.items].every((item) => item.kind === "struct") &&
      skeletonOf(middle[0]!.items, middle[0]!.start, middle[0]!.line, state.mapElements) ===
        skeletonOf(oldMiddle[0]!.items, oldMiddle[0]!.start, oldMiddle[0]!.line, state.mapElements);

    for (const chunk of kept) chunk.shift(offsetShift, lineShift);
    const ast: SchemaNode = { kind: "schema", file, items: chunks.flatMap((c) => c.items), loc: endOf(file, text, chunks) };
    const resolution = createResolution(ast);
    const mapElements = fast && state !== undefined ? state.mapElements : mapElementsOf(chunks);

    let findings: ChunkFindings[] | undefined;
    if (fast && state?.findings !== undefined) {
      // Only the edited chunk is checked again; later chunks' findings move with their text.
      const moved = (loc: SourceLocation): SourceLocation =>
        loc.offset >= oldMiddleEnd ? { ...loc, offset: loc.offset + offsetShift } : loc;
      const reuse = (f: ChunkFindings): ChunkFindings =>
        offsetShift === 0 || f.size === 0 ? f : new Map([...f].map(([code, list]) => [code, list.map((d) => detach(d, moved))]));
      const edited = partition(
        runFocusedChecks(ast, resolution, middle[0]!.items).map((d) => detach(d)),
        [middle[0]!],
      );
      if (edited !== undefined) {
        findings = [...state.findings.slice(0, prefix).map(reuse), ...edited, ...state.findings.slice(prefix + 1).map(reuse)];
      }
    }
    let diagnostics: Diagnostic[];
    lastPath = findings === undefined ? "chunks" : "checked-edit";
    if (findings === undefined) {
      const all = runChecks({ schema: ast, resolution, hasSyntaxErrors: false }).map((d) => detach(d));
      findings = partition(all, chunks);
      diagnostics = all;
    } else {
      const globals = runChecks({ schema: ast, resolution, hasSyntaxErrors: false, checks: GLOBAL_CHECKS }).map((d) => detach(d));
      diagnostics = [];
      for (const check of ALL_CHECKS) {
        if (FOCUSABLE_CODES.has(check.code)) for (const chunk of findings) diagnostics.push(...(chunk.get(check.code) ?? []));
        else diagnostics.push(...globals.filter((d) => d.code === check.code));
      }
    }
    state = { chunks, findings, mapElements };
    return analysisOf(ast, resolution, sortDiagnostics(diagnostics));
  };

  return {
    get lastPath() {
      return lastPath;
    },
    analyze(text) {
      try {
        const result = analyzeChunks(text, splitChunks(text));
        if (result !== undefined) return result;
      } catch {
        state = undefined;
      }
      lastPath = "whole-file";
      return analyzeSchema(text, file);
    },
  };
}
