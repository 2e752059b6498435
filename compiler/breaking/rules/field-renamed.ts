/**
 * `field-renamed` (source): a field with a new name on the same tag and type. The wire never
 * carries names, so nodes still agree, but TypeScript code using the generated property
 * (`delayMs`) no longer compiles. A rename that the naming option turns into the same property
 * (`delay_ms` → `delayMs` in camelCase) is not one.
 */
import { memberName } from "../../naming/ts-names.ts";
import type { BreakingRule } from "../rule.ts";

/** Reports fields renamed on the same tag. */
export const fieldRenamed: BreakingRule = {
  code: "field-renamed",
  levels: ["source"],
  summary: "a field renamed (same tag and type): safe on the wire, breaks code using the generated property",
  run(ctx) {
    for (const file of ctx.files) {
      for (const pair of file.pairs) {
        for (const neu of pair.neu.fields) {
          const old = pair.fields.oldOf(neu);
          if (old === undefined || memberName(old.name, ctx.naming) === memberName(neu.name, ctx.naming)) continue;
          ctx.report({
            level: "source",
            directions: [],
            message: `field '${old.name}' (tag ${neu.tag}) of struct '${pair.neu.qualifiedName}' was renamed to '${neu.name}'`,
            loc: neu.loc,
          });
        }
      }
    }
  },
};
