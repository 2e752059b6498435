/** `map-key-is-array` (error): a map key must be a single value, not an array or map field. */
import type { Check } from "./check-types.ts";
import { forEachMapKey } from "./map-key.ts";

/** Rejects a map key that is an array field of scalars. */
export const mapKeyIsArray: Check = {
  code: "map-key-is-array",
  severity: "error",
  summary: "a map key is an array field",
  run(ctx) {
    forEachMapKey(ctx.resolution, (use) => {
      const type = use.keyField?.type;
      if (type?.kind !== "scalar" || type.shape === "single") return;
      ctx.report(
        use.key.loc,
        `field '${use.key.text}' of '${use.element.qualifiedName}' is an array ('${type.spelling}[]') and cannot be a map key`,
      );
    });
  },
};
