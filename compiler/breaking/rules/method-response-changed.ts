/**
 * `method-response-changed`: a call now answers with another struct. When the two read each
 * other's fields differently (level wire), callers of one version misread the answers of the
 * other's servers; when they agree on every field, only the generated response type changes
 * (level source).
 */
import { fieldList, hexTag } from "../describe.ts";
import { BOTH_DIRECTIONS } from "../change.ts";
import type { BreakingRule } from "../rule.ts";
import { methodsByCmd } from "../services.ts";

/** Reports calls whose response struct changed. */
export const methodResponseChanged: BreakingRule = {
  code: "method-response-changed",
  levels: ["wire", "source"],
  summary: "a call answers with another struct: misread answers (wire) or another response type (source)",
  run(ctx) {
    for (const file of ctx.files) {
      const served = methodsByCmd(file.neu);
      for (const [cmd, { method: old }] of methodsByCmd(file.old)) {
        const neu = served.get(cmd)?.method;
        if (neu?.response === undefined || old.response === undefined) continue;
        const oldResponse = file.oldStruct(old.response);
        const newResponse = file.newStruct(neu.response);
        if (file.structs.newOf(oldResponse) === newResponse) continue;
        const pair = file.scratch(oldResponse, newResponse);
        const directions = BOTH_DIRECTIONS.filter((d) => pair.read(d).lossy);
        const lost = [...new Set(directions.flatMap((d) => pair.read(d).events.flatMap((e) => (e.kind === "shift" ? [] : [e.writer]))))];
        const what = lost.length > 0 ? ` (${fieldList(lost)} read wrongly)` : "";
        ctx.report({
          level: directions.length > 0 ? "wire" : "source",
          directions,
          message:
            `method '${neu.name}' (cmd ${hexTag(cmd)}) answered with '${oldResponse.qualifiedName}' and now answers with ` +
            `'${newResponse.qualifiedName}'` +
            (directions.length > 0 ? `, which reads the old answers differently${what}` : ", which reads the same on the wire"),
          loc: neu.loc,
        });
      }
    }
  },
};
