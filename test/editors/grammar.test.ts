/**
 * The TextMate grammar and language configuration of editors/vscode, tested the way VS Code uses
 * them: fixture files tokenized with vscode-textmate and vscode-oniguruma and compared with golden
 * scope listings; every valid schema of the repository and of the conformance vectors fully
 * scoped (no plain or invalid text); the committed screenshot page equal to what the grammar
 * renders today; and the language configuration's patterns behaving on real lines.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../scripts/grammar/render-html.ts";
import { formatTokens, GRAMMAR_PATH, ROOT_SCOPE, tokenizeText } from "../../scripts/grammar/tokenize.ts";
import { REPO_ROOT, ZPROTO_DIR } from "../compiler/helpers.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const GOLDEN = fileURLToPath(new URL("./golden/", import.meta.url));
const EXTENSION = join(REPO_ROOT, "editors", "vscode");
const DOCS = join(REPO_ROOT, "docs", "editor-support");

const CASES: Record<string, string> = {
  "grammar-edges": join(FIXTURES, "grammar-edges.zp"),
  sample: join(DOCS, "sample.zp"),
  game: join(REPO_ROOT, "test", "lsp", "fixtures", "game.zp"),
};

describe("the TextMate grammar (golden scopes; regenerate with UPDATE_GOLDEN=1)", () => {
  it.each(Object.keys(CASES))("%s", async (name) => {
    const actual = formatTokens(await tokenizeText(readFileSync(CASES[name]!, "utf8")));
    const golden = join(GOLDEN, `${name}.tokens`);
    if (process.env["UPDATE_GOLDEN"] === "1") writeFileSync(golden, actual);
    expect(actual).toBe(readFileSync(golden, "utf8"));
  });

  it("scopes every character of every valid schema, and marks nothing invalid", async () => {
    const files = [
      ...readdirSync(join(REPO_ROOT, "schemas")).map((f) => join(REPO_ROOT, "schemas", f)),
      ...readdirSync(ZPROTO_DIR)
        .filter((f) => f.endsWith(".zp"))
        .map((f) => join(ZPROTO_DIR, f)),
      join(DOCS, "sample.zp"),
    ];
    expect(files.length).toBeGreaterThan(10);
    const unscoped: string[] = [];
    for (const file of files) {
      const lines = await tokenizeText(readFileSync(file, "utf8"));
      lines.forEach((tokens, i) => {
        for (const t of tokens) {
          if (t.text.trim() === "") continue;
          if (t.scopes.length === 0 || t.scopes.some((s) => s.startsWith("invalid")))
            unscoped.push(`${file}:${i + 1} ${JSON.stringify(t.text)}`);
        }
      });
    }
    expect(unscoped).toEqual([]);
  });

  it("is the grammar the extension contributes, for the zproto language and .zp files", () => {
    const grammar = JSON.parse(readFileSync(GRAMMAR_PATH, "utf8")) as { scopeName: string };
    const manifest = JSON.parse(readFileSync(join(EXTENSION, "package.json"), "utf8")) as {
      contributes: {
        languages: Array<{ id: string; extensions: string[]; configuration: string }>;
        grammars: Array<Record<string, string>>;
      };
    };
    expect(grammar.scopeName).toBe(ROOT_SCOPE);
    expect(manifest.contributes.languages).toEqual([expect.objectContaining({ id: "zproto", extensions: [".zp"] })]);
    expect(manifest.contributes.grammars).toEqual([
      { language: "zproto", scopeName: ROOT_SCOPE, path: "./syntaxes/zproto.tmLanguage.json" },
    ]);
    expect(join(EXTENSION, manifest.contributes.languages[0]!.configuration)).toBe(join(EXTENSION, "language-configuration.json"));
  });
});

describe("the screenshot page", () => {
  it("docs/editor-support/highlight.html is what the grammar renders today (regenerate with npm run screenshot)", async () => {
    const html = renderHtml("sample.zp", await tokenizeText(readFileSync(join(DOCS, "sample.zp"), "utf8")));
    expect(readFileSync(join(DOCS, "highlight.html"), "utf8")).toBe(html);
    expect(html).toContain('<span style="color:#c586c0" title="meta.service.zproto keyword.other.service.zproto">service</span>');
  });
});

describe("the language configuration", () => {
  const config = JSON.parse(readFileSync(join(EXTENSION, "language-configuration.json"), "utf8")) as {
    comments: { lineComment: string };
    brackets: string[][];
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
    wordPattern: string;
  };

  it("comments with #, brackets {} and []", () => {
    expect(config.comments.lineComment).toBe("#");
    expect(config.brackets).toEqual([
      ["{", "}"],
      ["[", "]"],
    ]);
  });

  it("indents after an opening brace (a comment after it included) and outdents a closing one", () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    for (const line of ["player 0x01 {", "\tpos {", "service room {  # the room", "outer {"]) expect(increase.test(line), line).toBe(true);
    for (const line of ["\t.x:int32 1", "# a { in a comment", "a { .x:int32 1 }", "}"]) expect(increase.test(line), line).toBe(false);
    for (const line of ["}", "\t}"]) expect(decrease.test(line), line).toBe(true);
    expect(decrease.test("\t.x:int32 1")).toBe(false);
  });

  it("words are names and numbers, as the lexer reads them", () => {
    const words = (text: string) => text.match(new RegExp(config.wordPattern, "g"));
    expect(words(".stats:player_stats[key_id] 0x1f")).toEqual(["stats", "player_stats", "key_id", "0x1f"]);
    expect(words("neg -5 sum->add")).toEqual(["neg", "-5", "sum", "add"]);
  });
});
