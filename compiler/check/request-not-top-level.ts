/** `request-not-top-level` (error): a request must be a top-level struct, not a nested one. */
import type { Check } from "./check-types.ts";
import { allMethods, findNested, findTopLevel } from "./service-lookup.ts";

/** Rejects a method whose request names only a nested struct. */
export const requestNotTopLevel: Check = {
  code: "request-not-top-level",
  severity: "error",
  summary: "a method's request is a nested struct",
  run(ctx) {
    for (const method of allMethods(ctx.schema)) {
      const name = method.request.text;
      const nested = findNested(ctx.resolution, name);
      if (findTopLevel(ctx.resolution, name) === undefined && nested !== undefined) {
        ctx.report(
          method.request.loc,
          `service '${method.service}': request '${name}' is the nested struct '${nested.qualifiedName}'; requests must be top-level structs with a protocol tag`,
        );
      }
    }
  },
};
