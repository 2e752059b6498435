/**
 * `request-reused` (error): a request struct serves at most one method in a schema,
 * because the receiver dispatches on its `cmd`; two services cannot both own it.
 * (A repeat inside one service is `duplicate-method`.)
 */
import type { NameNode } from "../syntax/ast.ts";
import type { Check } from "./check-types.ts";
import { servicesOf } from "./walk.ts";

/** Rejects a request already used by a method of another service. */
export const requestReused: Check = {
  code: "request-reused",
  severity: "error",
  summary: "a request struct serves methods in two services",
  run(ctx) {
    const owner = new Map<string, { service: string; request: NameNode }>();
    for (const service of servicesOf(ctx.schema)) {
      for (const method of service.methods) {
        const first = owner.get(method.request.text);
        if (first === undefined) {
          owner.set(method.request.text, { service: service.name.text, request: method.request });
        } else if (first.service !== service.name.text) {
          ctx.report(
            method.request.loc,
            `request '${method.request.text}' already serves a method of service '${first.service}' (line ${first.request.loc.line}); ` +
              "a request struct (its cmd) can serve only one method",
            [{ loc: first.request.loc, message: `the method of service '${first.service}'` }],
          );
        }
      }
    }
  },
};
