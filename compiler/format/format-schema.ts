/**
 * `clusterc format`: the one canonical layout of a `.zp` schema, as a pure function. Every
 * struct header, field, brace, service header and method on a line of its own, indented by
 * tabs; `.name:type tag`, `name tag {`, `request -> response`; one blank line between
 * top-level definitions, none after `{` or before `}`, at most one where the source had
 * blank lines; LF line ends and one final newline. Numbers and names are kept as written.
 *
 * Every comment is kept, and kept in its role: a comment alone on its line stays alone on its
 * line (a doc comment directly above its construct, a detached one still detached by a blank
 * line), a comment after code stays after that code on its line. A comment written inside a
 * construct (`.x: # c` then `int32 1`) goes after it on its line. So the formatted text parses
 * to the same model as the original — docs included — and formatting it again changes nothing.
 */
import type { IToken } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { parseSchema } from "../syntax/parse-schema.ts";
import { type SchemaLine, schemaLines } from "./schema-lines.ts";

/** The outcome of {@link formatSchema}: the formatted text, or why the text cannot be formatted. */
export type FormatResult = { readonly text: string } | { readonly diagnostics: readonly Diagnostic[] };

/** A comment: its text (trailing blanks dropped) and span. */
interface Comment {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** True when the source between `from` and `to` contains a blank line. */
function blankBetween(source: string, from: number, to: number): boolean {
  return /\n[ \t\f\v\r]*\n/.test(source.slice(from, to).replace(/\r\n?/g, "\n"));
}

/** True when the source between `from` and `to` stays on one line. */
function sameLine(source: string, from: number, to: number): boolean {
  return !/[\r\n]/.test(source.slice(from, to));
}

/** Places lines and comments into the output. */
class Printer {
  private readonly out: string[] = [];
  /** Source offset just past what was printed last (a line or a comment). */
  private last = -1;
  /** The output line printed last is a `{` line (no blank line may follow). */
  private afterOpen = false;
  /** A top-level definition ended: the next line at depth 0 gets a blank line before it. */
  private afterTopLevel = false;
  /** Comments taken out of a construct were printed on their own lines: keep them off the next construct. */
  private detach = false;
  /** The last output line already ends with a comment. */
  private trailing = false;

  constructor(private readonly source: string) {}

  private push(depth: number, text: string, blank: boolean): void {
    if (blank && this.out.length > 0 && !this.afterOpen) this.out.push("");
    this.out.push("\t".repeat(depth) + text);
    this.trailing = false;
  }

  private blankBefore(start: number, depth: number): boolean {
    const forced = (this.afterTopLevel && depth === 0) || this.detach;
    return forced || (this.last >= 0 && blankBetween(this.source, this.last, start));
  }

  /** A comment before the next line (at `depth`): after the previous code on its line, or on a line of its own. */
  comment(c: Comment, depth: number): void {
    const afterCode = this.last >= 0 && this.out.length > 0 && sameLine(this.source, this.last, c.start);
    if (afterCode && !this.trailing) {
      this.out[this.out.length - 1] += ` ${c.text}`;
      this.trailing = true;
    } else {
      this.push(depth, c.text, this.blankBefore(c.start, depth));
      this.afterOpen = false;
      this.afterTopLevel = false;
      this.trailing = true;
      // A comment that followed code but found its line taken must not become the next construct's doc.
      this.detach = afterCode;
    }
    this.last = c.end;
  }

  /** A line of the layout, then the comments written inside its construct. */
  line(line: SchemaLine, inner: readonly Comment[]): void {
    const blank = line.kind !== "close" && this.blankBefore(line.start, line.depth);
    if (line.kind === "close" && this.afterOpen && !this.trailing && inner.length === 0) {
      this.out[this.out.length - 1] += "}";
    } else {
      this.push(line.depth, line.text, blank);
    }
    this.afterOpen = line.kind === "open";
    this.afterTopLevel = line.kind === "close" && line.depth === 0;
    this.detach = false;
    const [first, ...rest] = inner;
    if (first !== undefined) {
      this.out[this.out.length - 1] += ` ${first.text}`;
      this.trailing = true;
    }
    for (const c of rest) this.push(line.kind === "open" ? line.depth + 1 : line.depth, c.text, false);
    if (rest.length > 0) {
      this.afterOpen = false;
      this.detach = true;
      // The last output line is a comment: nothing may be appended to it.
      this.trailing = true;
    }
    this.last = line.end;
  }

  finish(): string {
    return this.out.length === 0 ? "" : `${this.out.join("\n")}\n`;
  }
}

function commentsOf(tokens: readonly IToken[]): Comment[] {
  return tokens.map((t) => ({ text: t.image.trimEnd(), start: t.startOffset, end: t.startOffset + t.image.length }));
}

/** Formats schema text (`file` names it in diagnostics). Text that does not parse is not formatted: its syntax errors come back instead. */
export function formatSchema(text: string, file = "schema.zp"): FormatResult {
  const parsed = parseSchema(text, file);
  if ("tooDeep" in parsed) return { diagnostics: [parsed.tooDeep] };
  if (parsed.syntax.length > 0) return { diagnostics: parsed.syntax };
  const lines = schemaLines(parsed.ast, parsed.tokens);
  const comments = commentsOf(parsed.comments);
  const printer = new Printer(text);
  let next = 0;
  for (const line of lines) {
    // Comments before the line; those inside a `}` line's block are indented one deeper.
    const depth = line.kind === "close" ? line.depth + 1 : line.depth;
    while (next < comments.length && comments[next]!.start < line.start) printer.comment(comments[next++]!, depth);
    const inner: Comment[] = [];
    while (next < comments.length && comments[next]!.start < line.end) inner.push(comments[next++]!);
    printer.line(line, inner);
  }
  while (next < comments.length) printer.comment(comments[next++]!, 0);
  return { text: printer.finish() };
}
