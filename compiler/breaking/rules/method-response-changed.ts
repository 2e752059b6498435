/**
 * `method-response-changed`: a call now answers with another struct. When the two read each
 * other's fields differently (level wire), callers of one version misread the answers of the
 * other's servers; when they agree on every field, only the generated response type changes
 * (level source).
 */
import { fieldList, hexTag } from "../describe.ts";
import { BOTH_DIRECTIONS } from "../change.ts";
import type { BreakingRule } from "../rule.ts";
import { forEachMatchedMethod } from "../services.ts";

/** Reports calls whose response struct changed. */
export const methodResponseChanged: BreakingRule = {
  code: "method-response-changed",
  levels: ["wire", "source"],
  summary: "a call answers with another struct: misread answers (wire) or another response type (source)",
  run(ctx) {
    forEachMatchedMethod(ctx, ({ file, cmd, old: { method: old }, neu: { method: neu } }) => {
      if (neu.response === undefined || old.response === undefined) return;
      const oldResponse = file.oldStruct(old.response);
      const newResponse = file.newStruct(neu.response);
      if (file.structs.newOf(oldResponse) === newResponse) return;
      const pair = file.scratch(oldResponse, newResponse);
      const directions = BOTH_DIRECTIONS.filter((d) => pair.read(d).lossy);
      // The new response's fields that read wrongly, one way or the other.
      const wrong = newResponse.fields.filter((f) =>
        directions.some((d) =>
          pair.read(d).events.some((e) => e.kind !== "shift" && (e.writer === f || (e.kind === "misread" && e.reader === f))),
        ),
      );
      const what = wrong.length > 0 ? ` (${fieldList(wrong)} read wrongly)` : "";
      ctx.report({
        level: directions.length > 0 ? "wire" : "source",
        directions,
        message:
          `method '${neu.name}' (cmd ${hexTag(cmd)}) answered with '${oldResponse.qualifiedName}' and now answers with ` +
          `'${newResponse.qualifiedName}'` +
          (directions.length > 0 ? `, which reads the old answers differently${what}` : ", which reads the same on the wire"),
        loc: neu.loc,
      });
    });
  },
};
