/**
 * `map-key-not-scalar` (error): a map key must be a scalar field (any scalar, including
 * string, float and boolean); a struct-typed field cannot be a key.
 */
import type { Check } from "./check-types.ts";
import { forEachMapKey } from "./map-key.ts";

/** Rejects a map key that is a struct field. */
export const mapKeyNotScalar: Check = {
  code: "map-key-not-scalar",
  severity: "error",
  summary: "a map key is a struct-typed field",
  run(ctx) {
    forEachMapKey(ctx.resolution, (use) => {
      if (use.keyField?.type?.kind !== "struct") return;
      ctx.report(
        use.key.loc,
        `field '${use.key.text}' of '${use.element.qualifiedName}' is a struct ('${use.keyField.type.target.qualifiedName}') and cannot be a map key`,
      );
    });
  },
};
