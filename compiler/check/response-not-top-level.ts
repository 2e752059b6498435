/** `response-not-top-level` (error): a response must be a top-level struct, not a nested one. */
import type { Check } from "./check-types.ts";
import { allMethods, findNested, findTopLevel } from "./service-lookup.ts";

/** Rejects a method whose response names only a nested struct. */
export const responseNotTopLevel: Check = {
  code: "response-not-top-level",
  severity: "error",
  summary: "a method's response is a nested struct",
  run(ctx) {
    for (const method of allMethods(ctx.schema)) {
      const response = method.response;
      if (response === undefined) continue;
      const nested = findNested(ctx.resolution, response.text);
      if (findTopLevel(ctx.resolution, response.text) === undefined && nested !== undefined) {
        ctx.report(
          response.loc,
          `service '${method.service}': response '${response.text}' is the nested struct '${nested.qualifiedName}'; responses must be top-level structs`,
        );
      }
    }
  },
};
