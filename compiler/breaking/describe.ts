/** Words for breaking-change messages: fields, lists of fields, struct and method names. */
import type { SourceLocation } from "../diagnostics/source-location.ts";
import { fieldSpelling } from "../model/field-spelling.ts";
import type { FieldModel, SchemaModel } from "../model/schema-model.ts";

/** `'name' (tag 5)` */
export function fieldLabel(f: FieldModel): string {
  return `'${f.name}' (tag ${f.tag})`;
}

/** `'name' (tag 5)`, `'a' (tag 1) and 'b' (tag 2)`, `'a' (tag 1), 'b' (tag 2) and 'c' (tag 3)` — at most `max`, then "and N more". */
export function fieldList(fields: readonly FieldModel[], max = 4): string {
  const shown = fields.slice(0, max).map(fieldLabel);
  if (fields.length > max) shown.push(`${fields.length - max} more`);
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}

/** The type of a field as the schema writes it: `int32`, `item[]`, `item[id]`. */
export function typeLabel(f: FieldModel): string {
  return fieldSpelling(f);
}

/** `0x05` */
export function hexTag(n: number): string {
  return `0x${n.toString(16).padStart(2, "0")}`;
}

/** The first character of a schema file, where changes to the file as a whole are located. */
export function fileStart(model: SchemaModel): SourceLocation {
  return { file: model.file, line: 1, column: 1, offset: 0, length: 1 };
}
