/**
 * Hover on the error and retry syntax ([Errors and retries](../../docs/errors-and-retries.md)):
 * an option name of a `[ … ]` list (what `errors` and `idempotent` do) and a code of a service's
 * `errors { … }` list (its value, its doc, the generated constant). Read from the AST: options and
 * codes are not symbols (nothing refers to them by name in the schema).
 */
import type { SchemaAnalysis } from "../compile.ts";
import type { NameNode, ServiceNode } from "../syntax/ast.ts";
import { numberValue } from "../syntax/number-literal.ts";
import type { GeneratedNames } from "./generated-names.ts";

/** What each option does, as hover text. */
export const OPTION_DOCS: Readonly<Record<string, string>> = {
  errors:
    "**option `errors`** — the response reports failure in its status fields: an integer `code` (0 or absent: success) and an " +
    "optional string `message`, plain fields a silly node reads and writes.\n\n- **TypeScript:** the client rejects at once with a " +
    "typed `RemoteError` when `code` is set; a handler's `throw new RemoteError(code, message)` is answered at once, any other " +
    "throw with code -1\n- **Wire:** unchanged; on a service, it applies to every method with a response",
  idempotent:
    "**option `idempotent`** — the method is safe to run twice.\n\n- **Calls by service name** are retried on another member after " +
    "`timeout` or `closed`, within the caller's timeout and the target's retry budget; unmarked methods are retried only after " +
    "`connect-failed`\n- **Interceptors** see `ctx.idempotent`",
};

/** A name at `offset` in one of `service`'s option lists or error codes, with its hover text. */
function inService(service: ServiceNode, names: GeneratedNames, offset: number): { name: NameNode; text: string } | undefined {
  const within = (n: NameNode): boolean => offset >= n.loc.offset && offset <= n.loc.offset + n.loc.length;
  for (const list of [service.options, ...service.methods.map((m) => m.options)]) {
    const name = list?.names.find(within);
    if (name !== undefined) return OPTION_DOCS[name.text] === undefined ? undefined : { name, text: OPTION_DOCS[name.text] ?? "" };
  }
  for (const errorList of service.errorLists) {
    const code = errorList.codes.find((c) => within(c.name));
    if (code === undefined) continue;
    const value = code.value === undefined ? undefined : numberValue(code.value.text);
    const head = `**error code \`${code.name.text}\`** of service \`${service.name.text}\`${value === undefined ? "" : ` = \`${value}\``}`;
    const errors = names.service(service.name.text).errors;
    const ts =
      errors?.codes === undefined
        ? "**TypeScript:** nothing is generated while no method of the service declares `errors`"
        : `**TypeScript:** \`${errors.codes}.${names.member(code.name.text)}\`, a member of the union \`${errors.codeType}\``;
    const facts = [ts, "**Wire:** the number in the response's `code` field; the name is not sent"];
    const doc = code.doc === undefined || code.doc === "" ? "" : `\n\n${code.doc}`;
    return { name: code.name, text: `${head}${doc}\n\n${facts.map((f) => `- ${f}`).join("\n")}` };
  }
  return undefined;
}

/** The hover of an option or error code at `offset`, if the cursor is on one. */
export function optionHoverAt(schema: SchemaAnalysis, names: GeneratedNames, offset: number): { name: NameNode; text: string } | undefined {
  for (const item of schema.ast.items) {
    if (item.kind !== "service") continue;
    const found = inService(item, names, offset);
    if (found !== undefined) return found;
  }
  return undefined;
}
