/**
 * `self-reference` (error): a field of a struct (or of one of its nested structs) uses
 * that struct itself. zproto cannot express recursive types.
 */
import type { Check } from "./check-types.ts";
import { forEachField } from "./walk.ts";

/** Rejects a struct referring to itself or to an enclosing struct. */
export const selfReference: Check = {
  code: "self-reference",
  severity: "error",
  summary: "a struct refers to itself (recursive types are not supported)",
  run(ctx) {
    forEachField(ctx.resolution, (field, owner) => {
      const resolved = ctx.resolution.fieldType(field, owner);
      if (resolved?.kind !== "unresolved" || resolved.reason !== "self" || resolved.candidate === undefined) return;
      const target = resolved.candidate.qualifiedName;
      const where =
        resolved.candidate === owner ? "inside its own definition" : `inside its own definition (from '${owner.qualifiedName}')`;
      ctx.report(resolved.name.loc, `struct '${target}' is used ${where}; zproto does not support recursive structs`, [
        { loc: resolved.candidate.node.name.loc, message: `struct '${target}' is defined here` },
      ]);
    });
  },
};
