/**
 * `errors-without-status` (error): a method declares `errors` but its response struct has no
 * status field — a single integer field named `code` — or has a `message` that is not a single
 * string. The status fields are how a failure travels in a plain response body.
 */
import type { FieldNode } from "../syntax/ast.ts";
import type { Check } from "./check-types.ts";
import { methodHas } from "../model/method-options.ts";
import { fieldsOf, servicesOf } from "./walk.ts";

// Signed (the runtime answers -1) and at most 32 bits (64-bit fields are bigints in generated code).
const INTEGER_KINDS = new Set(["int8", "int16", "int32"]);

/** Rejects `a -> b [errors]` when `b` lacks `.code:integer` (or has a `message` that is not a string). */
export const errorsWithoutStatus: Check = {
  code: "errors-without-status",
  severity: "error",
  summary: "a method declares errors but its response has no integer `code` field",
  run(ctx) {
    for (const service of servicesOf(ctx.schema)) {
      for (const method of service.methods) {
        if (method.response === undefined || !methodHas(service, method, "errors")) continue;
        const response = ctx.resolution.topLevelNamed(method.response.text);
        if (response === undefined) continue; // unknown-response says why
        const fields = fieldsOf(response);
        const find = (name: string): FieldNode | undefined => fields.find((f) => f.name?.text === name);
        const typeOf = (field: FieldNode) => ctx.resolution.fieldType(field, response);
        const code = find("code");
        const codeType = code === undefined ? undefined : typeOf(code);
        const at = method.options?.loc ?? service.options?.loc ?? method.request.loc;
        if (codeType === undefined || codeType.kind !== "scalar" || codeType.shape !== "single" || !INTEGER_KINDS.has(codeType.scalar)) {
          ctx.report(
            at,
            `method '${method.request.text}' declares errors: its response '${method.response.text}' needs a status field '.code:integer'`,
          );
          continue;
        }
        const message = find("message");
        const messageType = message === undefined ? undefined : typeOf(message);
        if (
          message !== undefined &&
          (messageType?.kind !== "scalar" || messageType.shape !== "single" || messageType.scalar !== "string")
        ) {
          ctx.report(
            message.loc,
            `field 'message' of '${method.response.text}' carries the error message of '${method.request.text}': it must be a string`,
          );
        }
      }
    }
  },
};
