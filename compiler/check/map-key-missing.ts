/** `map-key-missing` (error): in `T[key]`, struct `T` has no field named `key`. */
import type { Check } from "./check-types.ts";
import { forEachMapKey } from "./map-key.ts";
import { fieldsOf } from "./walk.ts";

/** Rejects a map key that names no field of the element struct. */
export const mapKeyMissing: Check = {
  code: "map-key-missing",
  severity: "error",
  summary: "a map key names no field of the element struct",
  run(ctx) {
    forEachMapKey(ctx.resolution, (use) => {
      if (use.keyField !== undefined) return;
      const names = fieldsOf(use.element).flatMap((f) => (f.name === undefined ? [] : [f.name.text]));
      const known = names.length === 0 ? "it has no fields" : `its fields are ${names.map((n) => `'${n}'`).join(", ")}`;
      ctx.report(use.key.loc, `struct '${use.element.qualifiedName}' has no field '${use.key.text}' to use as map key; ${known}`);
    });
  },
};
