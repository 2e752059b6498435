/**
 * `method-removed` (wire): a cmd that a service served is served by no service of the new
 * version. Old nodes still call it; new servers drop the request and the caller times out.
 * (A removed service is `service-removed`; a request whose protocol tag changed is
 * `protocol-tag-changed`.)
 */
import { hexTag } from "../describe.ts";
import type { BreakingRule } from "../rule.ts";
import { methodsByCmd, renamedService, serviceNamed } from "../services.ts";

/** Reports methods no longer served. */
export const methodRemoved: BreakingRule = {
  code: "method-removed",
  levels: ["wire"],
  summary: "a method removed: old nodes still call its cmd and new servers do not serve it",
  run(ctx) {
    for (const file of ctx.files) {
      const served = methodsByCmd(file.neu);
      for (const service of file.old.services) {
        if (serviceNamed(file.neu, service.name) === undefined && renamedService(file.old, file.neu, service) === undefined) continue;
        for (const method of service.methods) {
          if (served.has(method.cmd)) continue;
          const request = file.structs.newOf(file.oldStruct(method.request));
          if (request !== undefined && request.protocolTag !== method.cmd) continue;
          ctx.report({
            level: "wire",
            directions: ["old-to-new"],
            message:
              `method '${method.name}' (cmd ${hexTag(method.cmd)}) of service '${service.name}' was removed: old nodes still ` +
              `call it and new servers drop the request (the caller times out)`,
            loc: method.loc,
          });
        }
      }
    }
  },
};
