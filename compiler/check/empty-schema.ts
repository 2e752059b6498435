/**
 * `empty-schema` (error): zproto rejects a file without any struct (empty, only
 * comments, or — for clusterc — only services). Not reported after a syntax error,
 * since error recovery may have dropped the structs that were there.
 */
import type { Check } from "./check-types.ts";

/** Rejects a schema with no struct. */
export const emptySchema: Check = {
  code: "empty-schema",
  severity: "error",
  summary: "the file defines no struct",
  run(ctx) {
    if (ctx.resolution.topLevel.length === 0 && !ctx.hasSyntaxErrors) {
      ctx.report(ctx.schema.loc, "the schema defines no struct; a zproto schema needs at least one");
    }
  },
};
