/** `duplicate-error-code` (error): an `errors { … }` list names a code, or gives a value, twice. */
import { numberValue } from "../syntax/number-literal.ts";
import { memberName } from "../naming/ts-names.ts";
import type { Check } from "./check-types.ts";
import { servicesOf } from "./walk.ts";

/** Rejects a code name (also after conversion to a generated member name) or value given twice in one list. */
export const duplicateErrorCode: Check = {
  code: "duplicate-error-code",
  severity: "error",
  summary: "an errors list names a code or gives a value twice",
  run(ctx) {
    for (const service of servicesOf(ctx.schema)) {
      for (const list of service.errorLists) {
        const names = new Map<string, string>();
        const values = new Map<number, string>();
        for (const code of list.codes) {
          const member = memberName(code.name.text, ctx.naming);
          const sameName = names.get(member);
          if (sameName !== undefined) {
            ctx.report(code.name.loc, `error code '${code.name.text}' is already listed ('${sameName}')`);
            continue;
          }
          names.set(member, code.name.text);
          const value = code.value === undefined ? undefined : numberValue(code.value.text);
          if (value === undefined || code.value === undefined) continue;
          const sameValue = values.get(value);
          if (sameValue !== undefined) ctx.report(code.value.loc, `error code value ${code.value.text} is already '${sameValue}'`);
          else values.set(value, code.name.text);
        }
      }
    }
  },
};
