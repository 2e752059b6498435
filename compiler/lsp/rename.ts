/**
 * `textDocument/prepareRename` and `textDocument/rename` for structs (their definition, field
 * types and service methods), fields (their definition and map keys) and services. A rename is
 * refused with a clear error when the new name is not a zproto name, or when it would change
 * the schema's meaning — checked by compiling the renamed text: no new diagnostic may appear
 * (a duplicate, a clash of generated names, …) and the renamed names must still all name the
 * same thing (a nested struct may not start shadowing another). Each rename comes with a
 * warning: names are never on the wire (peers keep working), but the generated TypeScript names
 * change, which breaks code that uses them.
 */
import { type Range, ResponseError, LSPErrorCodes, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import { analyzeSchema, type SchemaAnalysis } from "../compile.ts";
import { MAX_NAME_LENGTH } from "../check/name-too-long.ts";
import { isBuiltinTypeName } from "../model/builtin-types.ts";
import type { DocumentAnalysis } from "./analysis.ts";
import { rangeOf } from "./positions.ts";
import { renameWarning } from "./rename-warning.ts";
import { createSymbolIndex, type Occurrence, type SchemaSymbol } from "./symbol-index.ts";

/** The id of the change annotation a rename's edits carry. */
export const RENAME_ANNOTATION = "clusterc.rename";

/** A rename's edit and the warning to show the user. */
export interface RenameResult {
  readonly edit: WorkspaceEdit;
  readonly warning: string;
}

function refuse(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

function renamable(analysis: DocumentAnalysis, offset: number): Occurrence {
  const occurrence = analysis.index().at(offset);
  if (occurrence === undefined) throw refuse("there is no struct, field or service name here to rename");
  if (occurrence.symbol.kind === "builtin") throw refuse(`'${occurrence.name.text}' is a builtin type and cannot be renamed`);
  return occurrence;
}

/** The range and current text of the name at `offset`, or an error saying why it cannot be renamed. */
export function prepareRename(analysis: DocumentAnalysis, offset: number): { range: Range; placeholder: string } {
  const occurrence = renamable(analysis, offset);
  return { range: rangeOf(analysis.document, occurrence.name.loc), placeholder: occurrence.name.text };
}

function checkName(symbol: SchemaSymbol, name: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    throw refuse(`'${name}' is not a zproto name: names start with a letter and continue with letters, digits or '_'`);
  }
  if (name.length > MAX_NAME_LENGTH)
    throw refuse(`'${name}' is ${name.length} characters long; zproto names have at most ${MAX_NAME_LENGTH}`);
  if (symbol.kind === "struct" && isBuiltinTypeName(name)) throw refuse(`'${name}' is a builtin type name; a struct cannot take it`);
}

function codeCounts(schema: SchemaAnalysis): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of schema.diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return counts;
}

/** Compiles the renamed text and refuses the rename if it changed the schema's meaning. */
function verify(analysis: DocumentAnalysis, occurrences: readonly Occurrence[], newName: string): SchemaAnalysis {
  const before = analysis.schema!;
  const text = analysis.document.getText();
  let renamed = "";
  let at = 0;
  const expected: number[] = [];
  for (const o of occurrences) {
    renamed += text.slice(at, o.name.loc.offset);
    expected.push(renamed.length);
    renamed += newName;
    at = o.name.loc.offset + o.name.text.length;
  }
  renamed += text.slice(at);
  const after = analyzeSchema(renamed, analysis.file, { naming: analysis.style.naming });
  const old = codeCounts(before);
  const now = codeCounts(after);
  for (const d of after.diagnostics) {
    if ((now.get(d.code) ?? 0) > (old.get(d.code) ?? 0)) {
      throw refuse(`renaming to '${newName}' would make the schema report ${d.severity} [${d.code}] at line ${d.loc.line}: ${d.message}`);
    }
  }
  const index = createSymbolIndex(after);
  const first = index.at(expected[0]!);
  const found = first === undefined ? [] : index.occurrencesOf(first.symbol).map((o) => o.name.loc.offset);
  if (found.length !== expected.length || found.some((offset, i) => offset !== expected[i])) {
    throw refuse(`renaming to '${newName}' would change what other names in the schema refer to (a struct of that name is visible there)`);
  }
  return after;
}

/** Renames the symbol at `offset`; `annotate` when the client takes change annotations (the warning then shows in its preview). */
export function rename(analysis: DocumentAnalysis, offset: number, newName: string, annotate: boolean): RenameResult {
  if (analysis.schema === undefined) throw refuse("this file is too large for the language server");
  const occurrence = renamable(analysis, offset);
  checkName(occurrence.symbol, newName);
  const occurrences = analysis.index().occurrencesOf(occurrence.symbol);
  if (newName === occurrence.name.text) return { edit: { changes: {} }, warning: "" };
  const after = verify(analysis, occurrences, newName);
  const warning = renameWarning({ before: analysis.schema, after, symbol: occurrence.symbol, newName, naming: analysis.style.naming });
  const edits: TextEdit[] = occurrences.map((o) => ({ range: rangeOf(analysis.document, o.name.loc), newText: newName }));
  const uri = analysis.document.uri;
  if (!annotate) return { edit: { changes: { [uri]: edits } }, warning };
  return {
    edit: {
      documentChanges: [
        { textDocument: { uri, version: analysis.version }, edits: edits.map((e) => ({ ...e, annotationId: RENAME_ANNOTATION })) },
      ],
      changeAnnotations: {
        [RENAME_ANNOTATION]: { label: `Rename '${occurrence.name.text}' to '${newName}'`, description: warning, needsConfirmation: true },
      },
    },
    warning,
  };
}
