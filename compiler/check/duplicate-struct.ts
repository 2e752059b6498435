/**
 * `duplicate-struct` (error): struct names are unique among siblings — at the top level
 * (as zproto enforces) and among the nested structs of one parent.
 */
import type { StructInfo } from "../model/resolve.ts";
import type { Check, CheckContext } from "./check-types.ts";

function checkSiblings(ctx: CheckContext, siblings: readonly StructInfo[], where: string): void {
  const seen = new Map<string, StructInfo>();
  const ordered = [...siblings].sort((a, b) => a.node.loc.offset - b.node.loc.offset);
  for (const info of ordered) {
    const first = seen.get(info.node.name.text);
    if (first === undefined) {
      seen.set(info.node.name.text, info);
    } else {
      ctx.report(info.node.name.loc, `struct '${info.node.name.text}' is already defined ${where} at line ${first.node.loc.line}`, [
        { loc: first.node.name.loc, message: `first definition of '${first.node.name.text}'` },
      ]);
    }
  }
}

/** Rejects a second struct with the same name in the same scope. */
export const duplicateStruct: Check = {
  code: "duplicate-struct",
  severity: "error",
  summary: "two structs in the same scope have the same name",
  run(ctx) {
    checkSiblings(ctx, ctx.resolution.topLevel, "at the top level");
    for (const info of ctx.resolution.structs) checkSiblings(ctx, info.children, `in '${info.qualifiedName}'`);
  },
};
