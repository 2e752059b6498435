/**
 * `file-removed`: a schema file of the old version is missing from the new one. On the wire
 * (level wire) when it declared services or messages with protocol tags: old nodes still
 * call and send them. Otherwise only code importing its generated module breaks.
 */
import { fileStart } from "../describe.ts";
import type { BreakingRule } from "../rule.ts";

/** Reports schema files removed. */
export const fileRemoved: BreakingRule = {
  code: "file-removed",
  levels: ["wire", "source"],
  summary: "a schema file removed: its services and cmds are gone (wire) or its generated module (source)",
  run(ctx) {
    for (const model of ctx.removedFiles) {
      const services = model.services.length > 0;
      const tagged = model.structs.some((s) => s.protocolTag !== 0);
      ctx.report({
        level: services || tagged ? "wire" : "source",
        directions: services ? ["old-to-new"] : tagged ? ["new-to-old", "old-to-new"] : [],
        message: services
          ? `schema file '${model.file}' was removed: old nodes still call its services (${model.services.map((s) => `'${s.name}'`).join(", ")})`
          : tagged
            ? `schema file '${model.file}' was removed: nodes still send its messages by cmd`
            : `schema file '${model.file}' was removed`,
        loc: fileStart(model),
      });
    }
  },
};
