/**
 * `textDocument/codeAction`: quick fixes for the diagnostics in the requested range —
 * did-you-mean type names for `unknown-type` (structs visible there and builtin types, and the
 * zproto spelling of another language's type: `int8` → `byte`), and for `unknown-request` /
 * `unknown-response` (top-level structs); for `tag-not-ascending` sorting the fields by tag
 * (wire unchanged, preferred) or renumbering (wire changed), the latter for `duplicate-tag`
 * too; and the next free protocol tag for `request-without-tag`.
 */
import { type CodeAction, CodeActionKind, type Diagnostic as LspDiagnostic, type Range } from "vscode-languageserver";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { TYPE_NAME_HINTS } from "../check/unknown-type.ts";
import { BUILTIN_TYPES } from "../model/builtin-types.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { toLspDiagnostic } from "./diagnostics.ts";
import { didYouMean } from "./did-you-mean.ts";
import { rangeOf, rangeOfSpan } from "./positions.ts";
import { nextProtocolTag, structAt, visibleStructs } from "./scope-queries.ts";
import { type OffsetEdit, renumberTags, sortFieldsByTag } from "./tag-fixes.ts";

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range["start"], q: Range["start"]): boolean => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function fix(
  analysis: DocumentAnalysis,
  title: string,
  diagnostic: LspDiagnostic,
  edits: readonly OffsetEdit[],
  preferred = false,
): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    ...(preferred ? { isPreferred: true } : {}),
    edit: {
      changes: {
        [analysis.document.uri]: edits.map((e) => ({ range: rangeOfSpan(analysis.document, e.start, e.end), newText: e.text })),
      },
    },
  };
}

function replaceName(analysis: DocumentAnalysis, d: Diagnostic, lsp: LspDiagnostic, names: readonly string[], hint?: string): CodeAction[] {
  const written = analysis.document.getText().slice(d.loc.offset, d.loc.offset + d.loc.length);
  const choices = hint === undefined ? names : [hint, ...names.filter((n) => n !== hint)];
  return choices.map((name, i) =>
    fix(
      analysis,
      `Change '${written}' to '${name}'`,
      lsp,
      [{ start: d.loc.offset, end: d.loc.offset + d.loc.length, text: name }],
      i === 0,
    ),
  );
}

function actionsFor(analysis: DocumentAnalysis, d: Diagnostic): CodeAction[] {
  const schema = analysis.schema!;
  const lsp = toLspDiagnostic(analysis.document, d);
  const written = analysis.document.getText().slice(d.loc.offset, d.loc.offset + d.loc.length);
  switch (d.code) {
    case "unknown-type": {
      const owner = structAt(schema, d.loc.offset);
      const names = [...visibleStructs(schema, owner, d.loc.offset).map((s) => s.node.name.text), ...BUILTIN_TYPES.keys()];
      return replaceName(analysis, d, lsp, didYouMean(written, names), TYPE_NAME_HINTS[written]);
    }
    case "unknown-request":
    case "unknown-response":
      return replaceName(
        analysis,
        d,
        lsp,
        didYouMean(
          written,
          schema.resolution.topLevel.map((s) => s.node.name.text),
        ),
      );
    case "tag-not-ascending":
    case "duplicate-tag": {
      const owner = structAt(schema, d.loc.offset);
      if (owner === undefined) return [];
      const out: CodeAction[] = [];
      const sorted = d.code === "tag-not-ascending" ? sortFieldsByTag(analysis.document.getText(), owner) : undefined;
      if (sorted !== undefined)
        out.push(fix(analysis, `Sort the fields of '${owner.qualifiedName}' by tag (the wire format stays the same)`, lsp, [sorted], true));
      const renumbered = renumberTags(owner);
      if (renumbered.length > 0) {
        out.push(
          fix(analysis, `Renumber the tags of '${owner.qualifiedName}' in declaration order (changes the wire format)`, lsp, renumbered),
        );
      }
      return out;
    }
    case "request-without-tag": {
      const request = schema.resolution.topLevel.find((s) => s.node.name.text === written);
      if (request === undefined || request.node.protocolTag !== undefined) return [];
      const tag = nextProtocolTag(schema, -1);
      const at = request.node.name.loc.offset + request.node.name.loc.length;
      return [fix(analysis, `Give '${written}' the next free protocol tag, ${tag}`, lsp, [{ start: at, end: at, text: ` ${tag}` }], true)];
    }
    default:
      return [];
  }
}

/** The quick fixes for the diagnostics overlapping `range`. */
export function codeActions(analysis: DocumentAnalysis, range: Range): CodeAction[] {
  if (analysis.schema === undefined) return [];
  const out: CodeAction[] = [];
  for (const d of analysis.schema.diagnostics) {
    if (overlaps(rangeOf(analysis.document, d.loc), range)) out.push(...actionsFor(analysis, d));
  }
  return out;
}
