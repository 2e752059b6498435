/**
 * Section: one exported interface per struct (top-level and nested); every field optional and
 * `| undefined` as well, so the types hold under `exactOptionalPropertyTypes` both ways: a
 * decoded message may carry an absent array as `undefined`, and a caller may pass one.
 */
import type { GenContext, GenSection } from "./context.ts";
import { fieldDoc, structDoc } from "./docs.ts";
import { fieldTsType } from "./field-types.ts";
import { propKey } from "./names.ts";

/** Emits `export interface Add { a?: number | undefined; b?: number | undefined }` for every struct. */
export const typesSection: GenSection = {
  name: "types",
  emit(ctx: GenContext): void {
    for (const s of ctx.model.structs) {
      ctx.file.addInterface({
        name: ctx.names(s.qualifiedName).type,
        exported: true,
        doc: structDoc(s, ctx),
        properties: s.fields.map((f) => ({
          name: propKey(ctx.member(f.name)),
          type: `${fieldTsType(f, ctx)} | undefined`,
          optional: true,
          doc: fieldDoc(f, ctx),
        })),
      });
    }
  },
};
