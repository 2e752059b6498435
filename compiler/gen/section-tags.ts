/** Section: `export const ADD_TAG = 0x01` for every top-level struct with a protocol tag. */
import type { GenContext, GenSection } from "./context.ts";
import { tagLiteral } from "./docs.ts";

/** Emits the protocol tag constants (the silly RPC `cmd` of each message). */
export const tagsSection: GenSection = {
  name: "tags",
  emit(ctx: GenContext): void {
    for (const s of ctx.model.structs) {
      const name = ctx.names(s.qualifiedName).tagConst;
      if (name === undefined) continue;
      ctx.file.addConst({
        name,
        exported: true,
        doc: `Protocol tag (silly cmd) of \`${s.qualifiedName}\`.`,
        initializer: tagLiteral(s.protocolTag),
      });
    }
  },
};
