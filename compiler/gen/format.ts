/**
 * Formatting generated modules with prettier: the one set of prettier options, and the
 * in-process formatter used when no worker pool is given (library use, tests). prettier is
 * imported on first use, so a caller that formats in workers never loads it here.
 */
import type { Options } from "prettier";

/**
 * prettier options of generated code. `babel-ts` parses TypeScript about a third faster
 * than prettier's `typescript` parser and prints the same bytes for everything clusterc
 * generates (checked on every schema of the repository and on 1000-struct schemas).
 * Embedded-language formatting is off: generated code has no tagged templates, and prettier
 * then skips a pass that visits every node looking for them.
 */
export const PRETTIER_OPTIONS: Readonly<Options> = Object.freeze({
  parser: "babel-ts",
  printWidth: 100,
  trailingComma: "all",
  embeddedLanguageFormatting: "off",
});

/** A printed, not yet formatted module. */
export interface UnformattedModule {
  /**
   * Prints the module lazily as consecutive pieces cut between top-level statements, each
   * of at least `minChars` characters (but the last); their concatenation is the whole
   * module. A formatter may hand each piece to a worker as soon as it is yielded.
   */
  pieces(minChars: number): Iterable<string>;
}

/** Formats a generated module; the result must equal prettier's on the whole text. */
export type ModuleFormatter = (module: UnformattedModule) => Promise<string>;

/** The whole text of a module (one piece). */
export function moduleText(module: UnformattedModule): string {
  return [...module.pieces(Number.POSITIVE_INFINITY)].join("");
}

/** Formats the whole text with prettier in this thread. */
export const formatInProcess: ModuleFormatter = async (module) => {
  const prettier = await import("prettier");
  return prettier.format(moduleText(module), PRETTIER_OPTIONS);
};
