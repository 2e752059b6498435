/**
 * Reading the repository's Markdown for the docs tests (not a test file): which files are docs,
 * their fenced code blocks with their line numbers, their links, and GitHub's heading anchors.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** The Markdown files whose snippets and links are checked, relative to the root. */
export function docFiles(): string[] {
  const top = [
    "README.md",
    "TESTING.md",
    "CHANGELOG.md",
    "bench/README.md",
    "conformance/README.md",
    "runtime/README.md",
    "compiler/README.md",
  ];
  const docs = readdirSync(join(REPO_ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`);
  return [...top.filter((f) => existsSync(join(REPO_ROOT, f))), ...docs];
}

/** A fenced code block: its info string's language, its text and the line (1-based) of its first line of code. */
export interface CodeBlock {
  readonly file: string;
  readonly lang: string;
  readonly code: string;
  readonly line: number;
}

/** The fenced code blocks of a Markdown text (``` fences, indented ones too). */
export function codeBlocks(file: string, text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)/.exec(lines[i] ?? "");
    if (open === null) continue;
    const indent = open[1]?.length ?? 0;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j] ?? ""); j++) body.push((lines[j] ?? "").slice(indent));
    blocks.push({ file, lang: open[2] ?? "", code: body.join("\n"), line: i + 2 });
    i = j;
  }
  return blocks;
}

/** Markdown text with its fenced code blocks and inline code blanked out (links there are not links). */
function withoutCode(text: string): string {
  return text.replace(/```[\s\S]*?```/g, (m) => m.replace(/[^\n]/g, " ")).replace(/`[^`\n]*`/g, (m) => " ".repeat(m.length));
}

/** A link `[text](target)` and the line it is on. */
export interface Link {
  readonly target: string;
  readonly line: number;
}

/** Every inline link target of a Markdown text (code excluded). */
export function links(text: string): Link[] {
  const out: Link[] = [];
  withoutCode(text)
    .split("\n")
    .forEach((line, i) => {
      for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ target: m[1] ?? "", line: i + 1 });
    });
  return out;
}

/** GitHub's anchors of a Markdown text's headings (`## Foo bar` → `foo-bar`; repeats get `-1`, `-2`). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of withoutCodeBlocks(text).split("\n")) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m === null) continue;
    const base = (m[1] ?? "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function withoutCodeBlocks(text: string): string {
  return text.replace(/```[\s\S]*?```/g, "");
}

/** The text of a repository file. */
export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), "utf8");
}
