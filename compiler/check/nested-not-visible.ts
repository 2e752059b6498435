/**
 * `nested-not-visible` (error): a field names a struct that exists, but nested inside
 * another struct: nested structs are visible only inside their parent.
 */
import type { Check } from "./check-types.ts";
import { forEachField } from "./walk.ts";

/** Rejects use of another struct's nested struct. */
export const nestedNotVisible: Check = {
  code: "nested-not-visible",
  severity: "error",
  summary: "a field uses a struct nested in another struct",
  run(ctx) {
    forEachField(ctx.resolution, (field, owner) => {
      const resolved = ctx.resolution.fieldType(field, owner);
      if (resolved?.kind !== "unresolved" || resolved.reason !== "nested-not-visible" || resolved.candidate === undefined) return;
      const parent = resolved.candidate.parent?.qualifiedName ?? "?";
      ctx.report(
        resolved.name.loc,
        `struct '${resolved.name.text}' (line ${resolved.candidate.node.loc.line}) is nested in '${parent}' and is visible only inside it`,
        [{ loc: resolved.candidate.node.name.loc, message: `struct '${resolved.candidate.qualifiedName}' is defined here` }],
      );
    });
  },
};
