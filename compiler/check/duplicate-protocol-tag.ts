/** `duplicate-protocol-tag` (error): non-zero protocol tags of top-level structs are unique. */
import type { NumberNode } from "../syntax/ast.ts";
import { numberValue, toHex } from "../syntax/number-literal.ts";
import type { Check } from "./check-types.ts";

/** Rejects a protocol tag already used by an earlier top-level struct. */
export const duplicateProtocolTag: Check = {
  code: "duplicate-protocol-tag",
  severity: "error",
  summary: "two top-level structs have the same non-zero protocol tag",
  run(ctx) {
    const seen = new Map<number, { name: string; tag: NumberNode }>();
    for (const info of ctx.resolution.topLevel) {
      const tag = info.node.protocolTag;
      const value = tag === undefined ? undefined : numberValue(tag.text);
      if (tag === undefined || value === undefined || value === 0) continue;
      const first = seen.get(value);
      if (first === undefined) {
        seen.set(value, { name: info.qualifiedName, tag });
      } else {
        ctx.report(tag.loc, `protocol tag ${toHex(value)} is already used by struct '${first.name}'`, [
          { loc: first.tag.loc, message: `protocol tag of struct '${first.name}'` },
        ]);
      }
    }
  },
};
