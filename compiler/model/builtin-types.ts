/**
 * The builtin scalar type names of zproto, current and older spellings, with their
 * canonical kind and wire width. `byte[]` and `ubyte[]` (string and blob) are spellings
 * made of a builtin name plus an empty `[]` suffix; see {@link specialArraySpelling}.
 */
import type { ScalarKind } from "./schema-model.ts";

/** A builtin scalar type. */
export interface BuiltinType {
  readonly scalar: ScalarKind;
  readonly width: 0 | 1 | 2 | 4 | 8;
}

/** Every builtin type name. `int8`, `int16`, … are NOT names zproto knows. */
export const BUILTIN_TYPES: ReadonlyMap<string, BuiltinType> = new Map<string, BuiltinType>([
  ["boolean", { scalar: "boolean", width: 1 }],
  ["int32", { scalar: "int32", width: 4 }],
  ["uint32", { scalar: "uint32", width: 4 }],
  ["int64", { scalar: "int64", width: 8 }],
  ["uint64", { scalar: "uint64", width: 8 }],
  ["float", { scalar: "float", width: 4 }],
  ["string", { scalar: "string", width: 0 }],
  ["blob", { scalar: "blob", width: 0 }],
  ["integer", { scalar: "int32", width: 4 }],
  ["uinteger", { scalar: "uint32", width: 4 }],
  ["long", { scalar: "int64", width: 8 }],
  ["ulong", { scalar: "uint64", width: 8 }],
  ["short", { scalar: "int16", width: 2 }],
  ["ushort", { scalar: "uint16", width: 2 }],
  ["byte", { scalar: "int8", width: 1 }],
  ["ubyte", { scalar: "uint8", width: 1 }],
]);

/** True when `name` is a builtin scalar type name. */
export function isBuiltinTypeName(name: string): boolean {
  return BUILTIN_TYPES.has(name);
}

/**
 * `byte[]` is a string and `ubyte[]` a blob (not arrays): the builtin type a name means
 * when followed by exactly one empty `[]`, or `undefined` for every other name.
 * (`byte[key]` is not special: it is a map key on a scalar, an error.)
 */
export function specialArraySpelling(name: string): BuiltinType | undefined {
  if (name === "byte") return { scalar: "string", width: 0 };
  if (name === "ubyte") return { scalar: "blob", width: 0 };
  return undefined;
}
