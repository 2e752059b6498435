/**
 * The error side of a service whose methods declare `[errors]`: the codes of its closed list as a
 * const object, the union type of every code a caller may see (the listed ones and the runtime's
 * own -1 internal and -2 unknown, or any number without a list), and a type guard for the
 * `RemoteError`s its calls reject with. The descriptor's methods then carry `errors` (the codes
 * object, or `true` without a list) and `idempotent`, which the runtime acts on.
 */
import type { MethodModel, ServiceModel } from "../model/schema-model.ts";
import type { GenContext } from "./context.ts";
import { escapeDoc } from "./docs.ts";
import type { ServiceErrorExportNames } from "../naming/ts-names.ts";

/** The identifiers generated for a service's errors (claimed with the service's: `gen/exported-names.ts`). */
export type ServiceErrorNames = ServiceErrorExportNames;

/** Emits the codes const, code type and guard of `service` under `names` (undefined: no method declares errors). */
export function emitServiceErrors(ctx: GenContext, service: ServiceModel, names: ServiceErrorNames | undefined): void {
  if (names === undefined) return;
  const { codes, codeType, guard } = names;
  const list = service.errorCodes;
  if (codes !== undefined && list !== undefined) {
    const members = list.map((c) => {
      const doc = c.doc === undefined || c.doc === "" ? "" : `/** ${escapeDoc(c.doc)} */\n`;
      return `${doc}${ctx.member(c.name)}: ${c.value}`;
    });
    ctx.file.addConst({
      name: codes,
      exported: true,
      doc: `Error codes of service \`${service.name}\` (its \`errors\` list, ${ctx.where(service.loc)}): the \`code\` of a \`RemoteError\` from its methods.`,
      initializer: `{\n${members.join(",\n")}\n} as const`,
    });
  }
  const runtimeCodes = ctx.file.runtimeType("RuntimeRemoteCode");
  ctx.file.addTypeAlias({
    name: codeType,
    doc:
      codes === undefined
        ? `Code of a \`RemoteError\` from service \`${service.name}\`: the schema lists no codes, so every number.`
        : `Every code a \`RemoteError\` from service \`${service.name}\` can carry: those of {@link ${codes}}, -1 (the handler threw something else) and -2 (a code outside the list arrived).`,
    type: codes === undefined ? "number" : `(typeof ${codes})[keyof typeof ${codes}] | ${runtimeCodes}`,
  });
  const remoteError = ctx.file.runtimeType("RemoteError");
  // The responses an error can come in: those of the methods that declare errors.
  const responses = [
    ...new Set(service.methods.flatMap((m) => (m.errors === true && m.response !== undefined ? [ctx.names(m.response).type] : []))),
  ];
  ctx.file.addFunction({
    name: guard,
    exported: true,
    doc:
      `True when \`error\` is a \`RemoteError\` answered by a method of service \`${service.name}\`: then \`switch (error.code)\` ` +
      `covers {@link ${codeType}}, and \`error.response\` is the decoded response.`,
    parameters: [{ name: "error", type: "unknown" }],
    returnType: `error is ${remoteError}<${codeType}, ${responses.join(" | ")}>`,
    body: `return ${ctx.file.runtime("isRemoteError")}(error, ${JSON.stringify(service.name)});`,
  });
}

/** The descriptor properties a method's options add: `, errors: BankErrors, idempotent: true`. */
export function methodOptionProps(m: MethodModel, errors: ServiceErrorNames | undefined): string {
  const declared = m.errors === true ? `, errors: ${errors?.codes ?? "true"}` : "";
  return `${declared}${m.idempotent === true ? ", idempotent: true" : ""}`;
}
