/**
 * Tokenizes `.zp` text with the VS Code extension's TextMate grammar, the way VS Code does:
 * vscode-textmate with the Oniguruma regex engine (vscode-oniguruma's WebAssembly build). Used by
 * the grammar's golden tests and by the script that renders the highlighting screenshot.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import oniguruma from "vscode-oniguruma";
import textmate, { type IGrammar } from "vscode-textmate";

/** The extension's grammar file. */
export const GRAMMAR_PATH: string = fileURLToPath(new URL("../../editors/vscode/syntaxes/zproto.tmLanguage.json", import.meta.url));

/** The grammar's root scope. */
export const ROOT_SCOPE = "source.zproto";

/** One token: its text and its scopes, outermost first, without the root scope. */
export interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

let grammar: Promise<IGrammar> | undefined;

async function load(): Promise<IGrammar> {
  const wasm = readFileSync(createRequire(import.meta.url).resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === ROOT_SCOPE ? textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, "utf8"), GRAMMAR_PATH) : null,
  });
  const loaded = await registry.loadGrammar(ROOT_SCOPE);
  if (loaded === null) throw new Error(`the grammar ${GRAMMAR_PATH} did not load`);
  return loaded;
}

/** The zproto grammar, loaded once per process. */
export function zprotoGrammar(): Promise<IGrammar> {
  grammar ??= load();
  return grammar;
}

/** The tokens of each line of `text` (lines split at \n, \r\n or \r), state carried from line to line. */
export async function tokenizeText(text: string): Promise<Token[][]> {
  const g = await zprotoGrammar();
  let state = textmate.INITIAL;
  const out: Token[][] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const result = g.tokenizeLine(line, state);
    out.push(result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.filter((s) => s !== ROOT_SCOPE) })));
    state = result.ruleStack;
  }
  return out;
}

/** The golden form of a tokenized text: each line, then one indented row per token that has a scope. */
export function formatTokens(lines: readonly (readonly Token[])[]): string {
  const out: string[] = [];
  for (const tokens of lines) {
    out.push(tokens.map((t) => t.text).join(""));
    for (const t of tokens) if (t.scopes.length > 0 && t.text.trim() !== "") out.push(`  ${JSON.stringify(t.text)} ${t.scopes.join(" ")}`);
  }
  return `${out.join("\n")}\n`;
}
