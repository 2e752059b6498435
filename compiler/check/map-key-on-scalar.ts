/**
 * `map-key-on-scalar` (error): `T[key]` needs a struct element type to find `key` in;
 * `int32[k]` (and `byte[k]`, which is not the special `byte[]`) is rejected.
 */
import type { Check } from "./check-types.ts";
import { forEachField } from "./walk.ts";

/** Rejects a map key on a scalar element type. */
export const mapKeyOnScalar: Check = {
  code: "map-key-on-scalar",
  severity: "error",
  summary: "a [key] suffix on a scalar type",
  run(ctx) {
    forEachField(ctx.resolution, (field, owner) => {
      const resolved = ctx.resolution.fieldType(field, owner);
      if (resolved?.kind !== "scalar" || resolved.shape !== "map" || resolved.key === undefined) return;
      ctx.report(
        resolved.key.loc,
        `only arrays of structs can have a map key; '${resolved.spelling}' is a scalar type (use '${resolved.spelling}[]')`,
      );
    });
  },
};
