/** `error-codes-unused` (warning): a service lists error codes but none of its methods declares `errors`. */
import type { Check } from "./check-types.ts";
import { methodHas } from "../model/method-options.ts";
import { servicesOf } from "./walk.ts";

/** Warns about an `errors { … }` list that no method can answer with. */
export const errorCodesUnused: Check = {
  code: "error-codes-unused",
  severity: "warning",
  summary: "a service lists error codes but no method declares errors",
  run(ctx) {
    for (const service of servicesOf(ctx.schema)) {
      const list = service.errorLists[0];
      if (list === undefined || service.methods.some((m) => methodHas(service, m, "errors"))) continue;
      ctx.report(list.loc, `service '${service.name.text}' lists error codes, but no method declares [errors]`);
    }
  },
};
