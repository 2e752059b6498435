/** `unknown-request` (error): a method names a request struct that does not exist. */
import type { Check } from "./check-types.ts";
import { allMethods, findNested, findTopLevel } from "./service-lookup.ts";

/** Rejects a method whose request struct is defined nowhere. */
export const unknownRequest: Check = {
  code: "unknown-request",
  severity: "error",
  summary: "a service method names no struct",
  run(ctx) {
    for (const method of allMethods(ctx.schema)) {
      const name = method.request.text;
      if (findTopLevel(ctx.resolution, name) === undefined && findNested(ctx.resolution, name) === undefined) {
        ctx.report(method.request.loc, `service '${method.service}': request struct '${name}' is not defined`);
      }
    }
  },
};
