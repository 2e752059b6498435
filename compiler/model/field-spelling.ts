/** How a field's type is written in the schema, for messages and doc comments. */
import type { FieldModel } from "./schema-model.ts";

/** Schema spelling of a field's type: `integer`, `pair[]`, `entry[id]`. */
export function fieldSpelling(field: FieldModel): string {
  const base = field.type.kind === "struct" ? field.type.struct.split(".").pop()! : field.type.spelling;
  if (field.shape === "array") return `${base}[]`;
  if (field.shape === "map") return `${base}[${field.mapKey ?? ""}]`;
  return base;
}
