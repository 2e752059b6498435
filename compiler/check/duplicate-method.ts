/** `duplicate-method` (error): a service lists the same method (request) twice. */
import type { NameNode } from "../syntax/ast.ts";
import type { Check } from "./check-types.ts";
import { servicesOf } from "./walk.ts";

/** Rejects a request named twice in one service. */
export const duplicateMethod: Check = {
  code: "duplicate-method",
  severity: "error",
  summary: "a service lists the same method twice",
  run(ctx) {
    for (const service of servicesOf(ctx.schema)) {
      const seen = new Map<string, NameNode>();
      for (const method of service.methods) {
        const first = seen.get(method.request.text);
        if (first === undefined) {
          seen.set(method.request.text, method.request);
        } else {
          ctx.report(
            method.request.loc,
            `service '${service.name.text}' already has a method '${method.request.text}' (line ${first.loc.line})`,
            [{ loc: first.loc, message: `first method '${first.text}'` }],
          );
        }
      }
    }
  },
};
