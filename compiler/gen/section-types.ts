/** Section: one exported interface per struct (top-level and nested); every field optional. */
import type { GenContext, GenSection } from "./context.ts";
import { fieldDoc, structDoc } from "./docs.ts";
import { fieldTsType } from "./field-types.ts";
import { propKey } from "./names.ts";

/** Emits `export interface Add { a?: number; b?: number }` for every struct. */
export const typesSection: GenSection = {
  name: "types",
  emit(ctx: GenContext): void {
    for (const s of ctx.model.structs) {
      ctx.file.addInterface({
        name: ctx.names(s.qualifiedName).type,
        exported: true,
        doc: structDoc(s, ctx),
        properties: s.fields.map((f) => ({ name: propKey(f.name), type: fieldTsType(f, ctx), optional: true, doc: fieldDoc(f, ctx) })),
      });
    }
  },
};
