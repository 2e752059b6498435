/**
 * A guard against pathological nesting: the parser and resolver recurse once per
 * nested struct, so a file like `a{a{a{…` thousands deep would exhaust the stack.
 * Real schemas nest a few levels; beyond {@link MAX_NESTING_DEPTH} the file is
 * rejected with `nesting-too-deep` before parsing.
 */
import type { IToken } from "chevrotain";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { createTokenLocation } from "./locations.ts";

/** The deepest brace nesting accepted. */
export const MAX_NESTING_DEPTH = 100;

/** Options for {@link checkNestingDepth}. */
export interface NestingOptions {
  readonly tokens: readonly IToken[];
  readonly file: string;
  readonly source: string;
}

/** Returns a `nesting-too-deep` diagnostic at the first `{` beyond the limit, if any. */
export function checkNestingDepth(options: NestingOptions): Diagnostic | undefined {
  let depth = 0;
  for (const token of options.tokens) {
    if (token.image === "{") depth++;
    else if (token.image === "}") depth = Math.max(0, depth - 1);
    if (depth > MAX_NESTING_DEPTH) {
      return createDiagnostic({
        code: "nesting-too-deep",
        message: `structs are nested more than ${MAX_NESTING_DEPTH} levels deep`,
        loc: createTokenLocation(token, { file: options.file, source: options.source }),
      });
    }
  }
  return undefined;
}
