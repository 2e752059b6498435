/**
 * `request-without-tag` (error): a request's protocol tag is the wire `cmd`, so the
 * request struct needs a non-zero protocol tag (`add 0x01 { … }`).
 */
import { numberValue } from "../syntax/number-literal.ts";
import type { Check } from "./check-types.ts";
import { allMethods, findTopLevel } from "./service-lookup.ts";

/** Rejects a method whose request struct has no (or a zero) protocol tag. */
export const requestWithoutTag: Check = {
  code: "request-without-tag",
  severity: "error",
  summary: "a method's request struct has no non-zero protocol tag",
  run(ctx) {
    for (const method of allMethods(ctx.schema)) {
      const request = findTopLevel(ctx.resolution, method.request.text);
      if (request === undefined) continue;
      const tag = request.node.protocolTag;
      if (tag !== undefined && numberValue(tag.text) !== 0) continue;
      ctx.report(
        method.request.loc,
        `service '${method.service}': request struct '${method.request.text}' (line ${request.node.loc.line}) has no protocol tag; ` +
          `give it one, e.g. '${method.request.text} 0x01 {', it is the wire cmd`,
        [{ loc: request.node.name.loc, message: `struct '${request.qualifiedName}' is defined here` }],
      );
    }
  },
};
