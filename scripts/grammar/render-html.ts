/**
 * Renders tokenized `.zp` text as a self-contained HTML page: each token a `<span>` whose colour
 * comes from its innermost scope, through a small dark theme in the spirit of VS Code's Dark+.
 * `npm run screenshot` shoots this page with headless Chromium for the docs; a test checks the
 * committed page is what the grammar produces today.
 */
import type { Token } from "./tokenize.ts";

/** Scope prefixes and their CSS colours, most specific first (the first prefix that matches wins). */
export const THEME: ReadonlyArray<readonly [string, string]> = [
  ["comment", "#6a9955"],
  ["punctuation.definition.comment", "#6a9955"],
  ["keyword", "#c586c0"],
  ["support.type.builtin", "#569cd6"],
  ["entity.name.type.service", "#4ec9b0"],
  ["entity.name.type", "#4ec9b0"],
  ["entity.name.function", "#dcdcaa"],
  ["variable.other.property.map-key", "#9cdcfe"],
  ["variable.other.property", "#9cdcfe"],
  ["constant.numeric", "#b5cea8"],
  ["invalid", "#f44747"],
  ["punctuation", "#d4d4d4"],
];

/** The colour of a token: the theme's colour for its innermost matching scope, or undefined for plain text. */
export function colourOf(scopes: readonly string[]): string | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i]!;
    const hit = THEME.find(([prefix]) => scope === prefix || scope.startsWith(`${prefix}.`));
    if (hit !== undefined) return hit[1];
  }
  return undefined;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The HTML page of the tokenized lines, with a title line naming the file. */
export function renderHtml(title: string, lines: readonly (readonly Token[])[]): string {
  const body = lines
    .map((tokens, i) => {
      const code = tokens
        .map((t) => {
          const colour = colourOf(t.scopes);
          const text = escapeHtml(t.text.replace(/\t/g, "    "));
          return colour === undefined ? text : `<span style="color:${colour}" title="${escapeHtml(t.scopes.join(" "))}">${text}</span>`;
        })
        .join("");
      return `<span class="n">${String(i + 1).padStart(2, " ")}</span>${code}`;
    })
    .join("\n");
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    "<style>",
    "body{margin:0;background:#1e1e1e;color:#d4d4d4;font:15px/1.5 'DejaVu Sans Mono',monospace}",
    ".bar{background:#252526;color:#cccccc;padding:6px 16px;font:13px 'DejaVu Sans',sans-serif;border-bottom:1px solid #333}",
    "pre{margin:0;padding:12px 16px}.n{color:#858585;margin-right:20px;user-select:none}",
    "</style></head><body>",
    `<div class="bar">${escapeHtml(title)} — highlighted by editors/vscode/syntaxes/zproto.tmLanguage.json</div>`,
    `<pre>${body}</pre>`,
    "</body></html>",
    "",
  ].join("\n");
}
