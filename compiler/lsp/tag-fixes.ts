/**
 * Fixes for field tags that are not ascending (`tag-not-ascending`, `duplicate-tag`), as text
 * edits on one struct:
 * - sort the fields by tag: each field moves with its doc comment, the tags stay, so the wire
 *   format is unchanged (offered only when every field has whole lines of its own);
 * - renumber: every tag that is not above the one before it becomes that one plus one, which
 *   changes the wire format (peers must be regenerated), but also fixes repeated tags.
 */
import type { StructInfo } from "../model/resolve.ts";
import type { FieldNode } from "../syntax/ast.ts";
import { numberValue } from "../syntax/number-literal.ts";

/** A replacement of the text between two offsets. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface TaggedField {
  readonly field: FieldNode;
  readonly tag: number;
  readonly tagStart: number;
  readonly tagEnd: number;
}

function taggedFields(info: StructInfo): TaggedField[] | undefined {
  const out: TaggedField[] = [];
  for (const member of info.node.members) {
    if (member.kind !== "field") continue;
    const tag = member.tag === undefined ? undefined : numberValue(member.tag.text);
    if (member.tag === undefined || tag === undefined) return undefined;
    out.push({ field: member, tag, tagStart: member.tag.loc.offset, tagEnd: member.tag.loc.offset + member.tag.loc.length });
  }
  return out;
}

function lineStart(source: string, offset: number): number {
  return source.lastIndexOf("\n", offset - 1) + 1;
}

function lineEnd(source: string, offset: number): number {
  const nl = source.indexOf("\n", offset);
  return nl < 0 ? source.length : nl;
}

/** The span of a field's whole lines with the `#` lines right above it, or undefined when it shares a line with other code. */
function fieldBlock(source: string, f: TaggedField): { start: number; end: number } | undefined {
  const start = lineStart(source, f.field.loc.offset);
  if (source.slice(start, f.field.loc.offset).trim() !== "") return undefined;
  const end = lineEnd(source, f.tagEnd);
  const rest = source.slice(f.tagEnd, end).trim();
  if (rest !== "" && !rest.startsWith("#")) return undefined;
  let top = start;
  while (top > 0) {
    const above = lineStart(source, top - 1);
    if (
      !source
        .slice(above, top - 1)
        .trim()
        .startsWith("#")
    )
      break;
    top = above;
  }
  return { start: top, end };
}

/** The edit that sorts `info`'s fields by tag, or undefined when they are sorted or cannot be moved as whole lines. */
export function sortFieldsByTag(source: string, info: StructInfo): OffsetEdit | undefined {
  const fields = taggedFields(info);
  if (fields === undefined || fields.length < 2) return undefined;
  const blocks = fields.map((f) => fieldBlock(source, f));
  if (blocks.some((b) => b === undefined)) return undefined;
  const spans = blocks as Array<{ start: number; end: number }>;
  for (let i = 1; i < spans.length; i++) if (spans[i]!.start <= spans[i - 1]!.end) return undefined;
  const order = fields.map((f, i) => ({ tag: f.tag, i })).sort((a, b) => a.tag - b.tag || a.i - b.i);
  if (order.every((o, i) => o.i === i)) return undefined;
  const first = spans[0]!.start;
  const last = spans[spans.length - 1]!.end;
  let text = "";
  for (let slot = 0; slot < spans.length; slot++) {
    const moved = spans[order[slot]!.i]!;
    text += source.slice(moved.start, moved.end);
    if (slot + 1 < spans.length) text += source.slice(spans[slot]!.end, spans[slot + 1]!.start);
  }
  return { start: first, end: last, text };
}

/** The edits that make `info`'s tags strictly ascending in declaration order by raising the ones that are not; empty when they are. */
export function renumberTags(info: StructInfo): OffsetEdit[] {
  const fields = taggedFields(info);
  if (fields === undefined) return [];
  const edits: OffsetEdit[] = [];
  let previous = 0;
  for (const f of fields) {
    const tag = f.tag > previous ? f.tag : previous + 1;
    if (tag !== f.tag) edits.push({ start: f.tagStart, end: f.tagEnd, text: String(tag) });
    previous = tag;
  }
  return previous > 65535 ? [] : edits;
}
