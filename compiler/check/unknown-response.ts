/** `unknown-response` (error): a method names a response struct that does not exist. */
import type { Check } from "./check-types.ts";
import { allMethods, findNested, findTopLevel } from "./service-lookup.ts";

/** Rejects a method whose response struct is defined nowhere. */
export const unknownResponse: Check = {
  code: "unknown-response",
  severity: "error",
  summary: "a service method's response names no struct",
  run(ctx) {
    for (const method of allMethods(ctx.schema)) {
      const response = method.response;
      if (response === undefined) continue;
      if (findTopLevel(ctx.resolution, response.text) === undefined && findNested(ctx.resolution, response.text) === undefined) {
        ctx.report(response.loc, `service '${method.service}': response struct '${response.text}' is not defined`);
      }
    }
  },
};
