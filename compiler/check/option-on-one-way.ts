/** `option-on-one-way` (error): `errors` or `idempotent` on a one-way method, which is never answered. */
import type { Check } from "./check-types.ts";
import { servicesOf } from "./walk.ts";

/** Rejects `notify [errors]`: a one-way send has no response to carry an error, and no timeout to retry after. */
export const optionOnOneWay: Check = {
  code: "option-on-one-way",
  severity: "error",
  summary: "a one-way method carries errors or idempotent",
  run(ctx) {
    for (const service of servicesOf(ctx.schema)) {
      for (const method of service.methods) {
        if (method.response !== undefined) continue;
        for (const name of method.options?.names ?? []) {
          if (name.text === "errors" || name.text === "idempotent") {
            ctx.report(name.loc, `one-way method '${method.request.text}' has no response: '${name.text}' does not apply`);
          }
        }
      }
    }
  },
};
