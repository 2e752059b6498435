/**
 * `case-clash` (warning): two names that are equal ignoring case — generated struct
 * type names (`Parent_Child` for nested structs), field names of one struct, service
 * names — collide in generated TypeScript (file names, exported symbols). Exact
 * duplicates are errors reported by the duplicate-* checks, and fields whose generated
 * names are exactly equal are errors of `name-clash`; both are skipped here.
 */
import type { NameNode } from "../syntax/ast.ts";
import { memberName, pascalName } from "../naming/ts-names.ts";
import type { Check, CheckContext } from "./check-types.ts";
import { fieldsOf, servicesOf } from "./walk.ts";

interface Named {
  readonly name: NameNode;
  /** The name as generated code spells it. */
  readonly generated: string;
  readonly what: string;
}

function reportClashes(ctx: CheckContext, items: readonly Named[], skipExact = false): void {
  const seen = new Map<string, Named>();
  const ordered = [...items].sort((a, b) => a.name.loc.offset - b.name.loc.offset);
  for (const item of ordered) {
    const folded = item.generated.toLowerCase();
    const first = seen.get(folded);
    if (first === undefined) {
      seen.set(folded, item);
    } else if (first.generated !== item.generated || (first.what !== item.what && !skipExact)) {
      ctx.report(
        item.name.loc,
        `${item.what} (generated name '${item.generated}') clashes with ${first.what} at line ${first.name.loc.line} ` +
          `('${first.generated}'): the names differ only by case or nesting`,
        [{ loc: first.name.loc, message: `${first.what} ('${first.generated}')` }],
      );
    }
  }
}

/** Reports structs whose generated type names clash ignoring case (`Player_Stats` and `player_stats`). */
export function reportStructNameClashes(ctx: CheckContext): void {
  reportClashes(
    ctx,
    ctx.resolution.structs.map((s) => ({ name: s.node.name, generated: s.generatedName, what: `struct '${s.qualifiedName}'` })),
  );
}

/** Reports fields of one struct whose generated names clash ignoring case, for every struct the context shows. */
export function reportFieldNameClashes(ctx: CheckContext): void {
  const folded = new Set<string>();
  for (const info of ctx.resolution.structs) {
    // Most structs have no two generated field names equal ignoring case: nothing to compare then.
    folded.clear();
    let fields = 0;
    for (const member of info.node.members) {
      if (member.kind !== "field" || member.name === undefined) continue;
      fields++;
      folded.add(memberName(member.name.text, ctx.naming).toLowerCase());
    }
    if (folded.size === fields) continue;
    const named = fieldsOf(info).flatMap((f) => (f.name === undefined ? [] : [f.name]));
    reportClashes(
      ctx,
      named.map((name) => ({ name, generated: memberName(name.text, ctx.naming), what: `field '${name.text}'` })),
      true,
    );
  }
}

/** Reports services whose names clash ignoring case. */
export function reportServiceNameClashes(ctx: CheckContext): void {
  reportClashes(
    ctx,
    servicesOf(ctx.schema).map((s) => ({ name: s.name, generated: pascalName(s.name.text), what: `service '${s.name.text}'` })),
  );
}

/** Warns about names that collide ignoring case. */
export const caseClash: Check = {
  code: "case-clash",
  severity: "warning",
  summary: "two names differ only by case and clash in generated TypeScript",
  run(ctx) {
    reportStructNameClashes(ctx);
    reportFieldNameClashes(ctx);
    reportServiceNameClashes(ctx);
  },
};
