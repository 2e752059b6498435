/**
 * What other chunks can see of a chunk: its structs' names, nesting, protocol tags and where they
 * are (relative to the chunk's start: line, column, offset), the struct names its fields use as
 * map elements (`T[key]`), and the fields of its structs that some chunk uses as a map element
 * (the map-key checks read them). Two versions of a chunk with the same skeleton leave every other
 * chunk's diagnostics as they were; an edit inside a field of an ordinary struct keeps it.
 */
import type { SourceLocation } from "../../diagnostics/source-location.ts";
import type { FieldNode, StructNode, TopLevelNode } from "../../syntax/ast.ts";

/** The struct names a chunk's fields use as map elements (`items:item[id]` uses `item`). */
export function mapElementUses(items: readonly TopLevelNode[]): string[] {
  const out: string[] = [];
  const visit = (node: StructNode): void => {
    for (const member of node.members) {
      if (member.kind === "struct") visit(member);
      else if (member.type?.suffixes[0]?.key !== undefined) out.push(member.type.name.text);
    }
  };
  for (const item of items) if (item.kind === "struct") visit(item);
  return out;
}

function fieldText(field: FieldNode): string {
  const type = field.type === undefined ? "?" : field.type.name.text + field.type.suffixes.map((s) => `[${s.key?.text ?? ""}]`).join("");
  return `${field.name?.text ?? "?"}:${type}:${field.tag?.text ?? "?"}`;
}

/** The skeleton of a chunk's items as a string (equal strings: same skeleton); `mapElements` are the names used as map elements anywhere. */
export function skeletonOf(items: readonly TopLevelNode[], start: number, line: number, mapElements: ReadonlySet<string>): string {
  const at = (loc: SourceLocation | undefined): string =>
    loc === undefined ? "-" : `${loc.offset - start},${loc.line - line},${loc.column}`;
  const parts: string[] = [];
  const visit = (node: StructNode, depth: number): void => {
    parts.push(`S${depth} ${node.name.text}@${at(node.name.loc)} ${node.protocolTag?.text ?? ""}@${at(node.protocolTag?.loc)}`);
    const element = mapElements.has(node.name.text);
    for (const member of node.members) {
      if (member.kind === "struct") visit(member, depth + 1);
      else if (element) parts.push(`F ${fieldText(member)}`);
    }
    parts.push(`E${depth}`);
  };
  for (const item of items) {
    if (item.kind === "struct") visit(item, 0);
    else parts.push(`service ${item.name.text}`);
  }
  parts.push(`M ${mapElementUses(items).join(",")}`);
  return parts.join("\n");
}
