/**
 * `forward-reference` (error): a field refers to a struct defined later in the file.
 * zproto makes a struct visible only once it is complete, so definitions come first.
 */
import type { Check } from "./check-types.ts";
import { forEachField } from "./walk.ts";

/** Rejects a reference to a struct defined after its use. */
export const forwardReference: Check = {
  code: "forward-reference",
  severity: "error",
  summary: "a field uses a struct defined later in the file",
  run(ctx) {
    forEachField(ctx.resolution, (field, owner) => {
      const resolved = ctx.resolution.fieldType(field, owner);
      if (resolved?.kind !== "unresolved" || resolved.reason !== "forward" || resolved.candidate === undefined) return;
      ctx.report(
        resolved.name.loc,
        `struct '${resolved.name.text}' is defined at line ${resolved.candidate.node.loc.line}, after its use; ` +
          "zproto requires definitions before use (move it above)",
        [{ loc: resolved.candidate.node.name.loc, message: `struct '${resolved.candidate.qualifiedName}' is defined here` }],
      );
    });
  },
};
