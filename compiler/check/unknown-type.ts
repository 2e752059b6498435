/**
 * `unknown-type` (error): a field's type is neither a builtin type nor a struct defined
 * anywhere in the file. (Names that exist but are not visible get their own codes:
 * `forward-reference`, `self-reference`, `nested-not-visible`.)
 */
import type { Check } from "./check-types.ts";
import { forEachField } from "./walk.ts";

/** Type names of other schema languages and the zproto builtin each means (also used by the language server's quick fixes). */
export const TYPE_NAME_HINTS: Readonly<Record<string, string>> = {
  int8: "byte",
  uint8: "ubyte",
  int16: "short",
  uint16: "ushort",
  bool: "boolean",
  double: "float",
  bytes: "blob",
};

/** Rejects a type name that names nothing. */
export const unknownType: Check = {
  code: "unknown-type",
  severity: "error",
  summary: "a field's type names no builtin type and no struct",
  run(ctx) {
    forEachField(ctx.resolution, (field, owner) => {
      const resolved = ctx.resolution.fieldType(field, owner);
      if (resolved?.kind !== "unresolved" || resolved.reason !== "unknown") return;
      const hint = TYPE_NAME_HINTS[resolved.name.text];
      const suffix = hint === undefined ? "" : ` (did you mean '${hint}'?)`;
      ctx.report(resolved.name.loc, `unknown type '${resolved.name.text}': no builtin type or struct has this name${suffix}`);
    });
  },
};
