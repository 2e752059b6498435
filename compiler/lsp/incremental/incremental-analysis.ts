/**
 * The front end, incrementally, for a document being edited: the same result as
 * `analyzeSchema(text, file, { naming })` (diagnostics, AST, resolution; the model on demand), computed from
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
import { createResolution, type Resolution } from "../../model/resolve.ts";
import type { SchemaModel } from "../../model/schema-model.ts";
import { DEFAULT_NAMING, type NamingStyle } from "../../naming/ts-names.ts";
import type { SchemaNode } from "../../syntax/ast.ts";
import { createEndLocation } from "../../syntax/locations.ts";
import { splitChunks, type TextChunk } from "./chunks.ts";
import { FOCUSABLE_CHECKS, GLOBAL_CHECKS, runFocusedChecks } from "./focused-checks.ts";
import { type ParsedChunk, parseChunk } from "./parsed-chunk.ts";
import { mapElementUses, skeletonOf } from "./skeleton.ts";

/**
 * How the last analysis was made: `checked-edit` (the edited chunk parsed and checked alone),
 * `chunks` (new chunks parsed, all checks run), `whole-file` (analyzeSchema).
 */
export type AnalysisPath = "checked-edit" | "chunks" | "whole-file";

/** Analyses successive versions of one document. */
export interface IncrementalAnalyzer {
  /** The analysis of `text`, equal to `analyzeSchema(text, file, { naming })`. */
  analyze(text: string): SchemaAnalysis;
  /** How the last {@link analyze} was made (for tests and benchmarks). */
  readonly lastPath: AnalysisPath | undefined;
}

/** Focusable findings of one chunk, by check code, in the order the checks reported them. */
type ChunkFindings = ReadonlyMap<string, readonly Diagnostic[]>;

const NO_FINDINGS: ChunkFindings = new Map();

/** The last version whose every chunk read cleanly. */
interface CleanState {
  readonly chunks: readonly ParsedChunk[];
  /** Per chunk; undefined when some focusable finding fell outside every chunk (no reuse then). */
  readonly findings: readonly ChunkFindings[] | undefined;
  /** The global checks' findings. */
  readonly globals: readonly Diagnostic[];
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
  const out: ChunkFindings[] = chunks.map(() => NO_FINDINGS);
  for (const d of diagnostics) {
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid]!.start <= d.loc.offset) lo = mid;
      else hi = mid - 1;
    }
    const chunk = chunks[lo];
    if (chunk === undefined || d.loc.offset < chunk.start || d.loc.offset >= chunk.start + chunk.text.length) return undefined;
    if (out[lo] === NO_FINDINGS) out[lo] = new Map();
    const byCode = out[lo] as Map<string, Diagnostic[]>;
    const list = byCode.get(d.code);
    if (list === undefined) byCode.set(d.code, [d]);
    else list.push(d);
  }
  return out;
}

function groupByCode(diagnostics: readonly Diagnostic[]): ChunkFindings {
  const out = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) out.set(d.code, [...(out.get(d.code) ?? []), d]);
  return out;
}

const CHECK_INDEX = new Map(ALL_CHECKS.map((c, i) => [c.code, i]));

/** The findings in the order a whole-schema run reports them: check by check, chunk by chunk. */
function inCheckOrder(findings: readonly ChunkFindings[], globals: readonly Diagnostic[]): Diagnostic[] {
  const byCheck: Diagnostic[][] = ALL_CHECKS.map(() => []);
  for (const chunk of findings) {
    if (chunk.size === 0) continue;
    for (const [code, list] of chunk) byCheck[CHECK_INDEX.get(code) ?? 0]!.push(...list);
  }
  for (const d of globals) byCheck[CHECK_INDEX.get(d.code) ?? 0]!.push(d);
  return byCheck.flat();
}

/** Where the text ends (as `createEndLocation` says), read from its last chunk only. */
function endOf(file: string, text: string, chunks: readonly ParsedChunk[]): SourceLocation {
  const last = chunks[chunks.length - 1];
  if (last === undefined) return createEndLocation(file, text);
  const tail = createEndLocation(file, last.text);
  return { file, line: last.line + tail.line, column: tail.column, offset: text.length, length: 1 };
}

function analysisOf(ast: SchemaNode, resolution: Resolution, diagnostics: Diagnostic[]): SchemaAnalysis {
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

/** How the new chunks line up with the old ones: equal chunks at the start and at the end. */
interface Alignment {
  readonly prefix: number;
  readonly suffix: number;
}

function align(pieces: readonly TextChunk[], old: readonly ParsedChunk[]): Alignment {
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
  return { prefix, suffix };
}

/** True when an edited chunk shows other chunks what its previous version showed (see `skeleton.ts`), and holds no service. */
function sameSkeleton(now: ParsedChunk, before: ParsedChunk, mapElements: ReadonlySet<string>): boolean {
  if (![...now.items, ...before.items].every((item) => item.kind === "struct")) return false;
  return skeletonOf(now.items, now.start, now.line, mapElements) === skeletonOf(before.items, before.start, before.line, mapElements);
}

/** Creates an analyzer for the document whose diagnostics name `file`; `naming` is the generator's (for `name-clash`). */
export function createIncrementalAnalyzer(file: string, naming: NamingStyle = DEFAULT_NAMING): IncrementalAnalyzer {
  let state: CleanState | undefined;
  let lastPath: AnalysisPath | undefined;

  const analyzeChunks = (text: string, pieces: readonly TextChunk[]): SchemaAnalysis | undefined => {
    const old = state?.chunks ?? [];
    const { prefix, suffix } = align(pieces, old);
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
    const previous = state;
    const fast =
      previous?.findings !== undefined &&
      middle.length === 1 &&
      oldMiddle.length === 1 &&
      lineShift === 0 &&
      sameSkeleton(middle[0]!, oldMiddle[0]!, previous.mapElements);

    for (const chunk of kept) chunk.shift(offsetShift, lineShift);
    const chunks = [...old.slice(0, prefix), ...middle, ...kept];
    const ast: SchemaNode = { kind: "schema", file, items: chunks.flatMap((c) => c.items), loc: endOf(file, text, chunks) };
    const resolution = createResolution(ast);

    if (fast && previous?.findings !== undefined) {
      // Only the edited chunk is checked again; the other findings move with their text.
      const moved = (loc: SourceLocation): SourceLocation =>
        loc.offset >= oldMiddleEnd ? { ...loc, offset: loc.offset + offsetShift } : loc;
      const reuse = (f: ChunkFindings): ChunkFindings =>
        offsetShift === 0 || f.size === 0 ? f : new Map([...f].map(([code, list]) => [code, list.map((d) => detach(d, moved))]));
      const edited = partition(
        runFocusedChecks(ast, resolution, middle[0]!.items, naming).map((d) => detach(d)),
        [middle[0]!],
      );
      if (edited !== undefined) {
        const findings = [...previous.findings.slice(0, prefix).map(reuse), ...edited, ...previous.findings.slice(prefix + 1).map(reuse)];
        const globals = offsetShift === 0 ? previous.globals : previous.globals.map((d) => detach(d, moved));
        state = { chunks, findings, globals, mapElements: previous.mapElements };
        lastPath = "checked-edit";
        return analysisOf(ast, resolution, sortDiagnostics(inCheckOrder(findings, globals)));
      }
    }
    const focusable = runChecks({ schema: ast, resolution, hasSyntaxErrors: false, naming, checks: FOCUSABLE_CHECKS }).map((d) =>
      detach(d),
    );
    const globals = runChecks({ schema: ast, resolution, hasSyntaxErrors: false, naming, checks: GLOBAL_CHECKS }).map((d) => detach(d));
    const findings = partition(focusable, chunks);
    state = { chunks, findings, globals, mapElements: mapElementsOf(chunks) };
    lastPath = "chunks";
    const ordered = findings === undefined ? inCheckOrder([groupByCode(focusable)], globals) : inCheckOrder(findings, globals);
    return analysisOf(ast, resolution, sortDiagnostics(ordered));
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
      return analyzeSchema(text, file, { naming });
    },
  };
}
