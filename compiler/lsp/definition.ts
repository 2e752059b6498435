/**
 * `textDocument/definition`: from a field's type, a service method's request or response, or a
 * map key, to the struct or field it names (a definition answers with itself). Builtin types
 * have no definition: the answer is empty.
 */
import type { Location } from "vscode-languageserver";
import type { DocumentAnalysis } from "./analysis.ts";
import { rangeOf } from "./positions.ts";

/** The definition of the name at `offset`, or null. */
export function definition(analysis: DocumentAnalysis, offset: number): Location | null {
  const index = analysis.index();
  const occurrence = index.at(offset);
  if (occurrence === undefined) return null;
  const target = index.definitionOf(occurrence.symbol);
  if (target === undefined) return null;
  return { uri: analysis.document.uri, range: rangeOf(analysis.document, target.name.loc) };
}
