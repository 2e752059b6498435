/**
 * `name-clash` (error): two different schema names that the generator's naming style turns
 * into the same TypeScript name — two fields of one struct (`a_b` and `aB` both become
 * `aB` in camelCase) or two methods of one service — would be one property of the
 * generated interface, so one would silently overwrite the other. Exact duplicates are
 * reported by `duplicate-field` and `duplicate-method` instead.
 */
import type { NameNode } from "../syntax/ast.ts";
import { memberName } from "../naming/ts-names.ts";
import type { Check, CheckContext } from "./check-types.ts";
import { fieldsOf, forEachStruct, servicesOf } from "./walk.ts";

function reportClashes(ctx: CheckContext, names: readonly NameNode[], what: string, where: string): void {
  const seen = new Map<string, NameNode>();
  for (const name of names) {
    const generated = memberName(name.text, ctx.naming);
    const first = seen.get(generated);
    if (first === undefined) seen.set(generated, name);
    else if (first.text !== name.text) {
      ctx.report(
        name.loc,
        `${what} '${name.text}' and ${what} '${first.text}' (line ${first.loc.line}) of ${where} are both named '${generated}' ` +
          `in generated code (naming '${ctx.naming}'); rename one`,
      );
    }
  }
}

/** Reports fields of one struct whose generated names are equal, for every struct the context shows. */
export function reportFieldsNamedAlike(ctx: CheckContext): void {
  forEachStruct(ctx.resolution, (info) => {
    const names = fieldsOf(info).flatMap((f) => (f.name === undefined ? [] : [f.name]));
    reportClashes(ctx, names, "field", `struct '${info.qualifiedName}'`);
  });
}

/** Reports methods of one service whose generated names are equal. */
export function reportMethodsNamedAlike(ctx: CheckContext): void {
  for (const service of servicesOf(ctx.schema)) {
    reportClashes(
      ctx,
      service.methods.map((m) => m.request),
      "method",
      `service '${service.name.text}'`,
    );
  }
}

/** Rejects fields of a struct, or methods of a service, whose generated names are equal. */
export const nameClash: Check = {
  code: "name-clash",
  severity: "error",
  summary: "two fields of a struct, or two methods of a service, get the same generated name",
  run(ctx) {
    reportFieldsNamedAlike(ctx);
    reportMethodsNamedAlike(ctx);
  },
};
