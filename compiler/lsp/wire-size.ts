/**
 * What a struct or a field costs on the wire, for hover, from the zproto encoding: a struct is
 * `u32 len`, `u16 count`, one `u16` tag delta per present field, then the fields' data; fixed
 * scalars take their width, strings and blobs a `u32` length and their bytes, arrays and maps a
 * `u32` count and their elements, a nested struct its own encoding (at least 6 bytes).
 */
import type { FieldResolution, Resolution, StructInfo } from "../model/resolve.ts";
import type { FieldNode } from "../syntax/ast.ts";

/** Bytes of an encoded struct with no field present: `len` and `count`. */
export const EMPTY_STRUCT_BYTES = 6;

/** The least bytes a field's data takes, and whether it can take more. */
interface FieldCost {
  readonly bytes: number;
  readonly variable: boolean;
}

function dataCost(resolved: FieldResolution): FieldCost | undefined {
  if (resolved.kind === "unresolved") return undefined;
  if (resolved.shape !== "single") return { bytes: 4, variable: true };
  if (resolved.kind === "struct") return { bytes: EMPTY_STRUCT_BYTES, variable: true };
  return resolved.width === 0 ? { bytes: 4, variable: true } : { bytes: resolved.width, variable: false };
}

/** One line describing a field's wire cost: `2 bytes in the tag table + 4 bytes`. */
export function describeFieldWire(resolved: FieldResolution | undefined): string | undefined {
  if (resolved === undefined || resolved.kind === "unresolved") return undefined;
  const head = "2 bytes in the tag table + ";
  if (resolved.shape !== "single") {
    const element =
      resolved.kind === "struct"
        ? "each element a struct encoding (≥ 6 bytes)"
        : resolved.width === 0
          ? "each element a u32 length + its bytes"
          : `${resolved.width} byte${resolved.width === 1 ? "" : "s"} per element`;
    return `${head}a u32 element count, ${element}`;
  }
  if (resolved.kind === "struct") return `${head}the nested struct's encoding (≥ 6 bytes)`;
  if (resolved.width === 0) return `${head}a u32 length + the bytes`;
  return `${head}${resolved.width} byte${resolved.width === 1 ? "" : "s"}`;
}

/** One line describing a struct's wire size, empty and with every field present. */
export function describeStructWire(info: StructInfo, resolution: Resolution): string {
  const fields = info.node.members.filter((m): m is FieldNode => m.kind === "field");
  let bytes = EMPTY_STRUCT_BYTES;
  let variable = false;
  for (const field of fields) {
    const resolved = resolution.fieldType(field, info);
    const cost = resolved === undefined ? undefined : dataCost(resolved);
    if (cost === undefined) return `${EMPTY_STRUCT_BYTES} bytes with no field present`;
    bytes += 2 + cost.bytes;
    variable ||= cost.variable;
  }
  if (fields.length === 0) return `${EMPTY_STRUCT_BYTES} bytes (no fields)`;
  const all = fields.length === 1 ? "its field" : `all ${fields.length} fields`;
  return variable
    ? `${EMPTY_STRUCT_BYTES} bytes with no field present; at least ${bytes} bytes with ${all} present (plus string and blob bytes, array elements and nested fields)`
    : `${EMPTY_STRUCT_BYTES} bytes with no field present; ${bytes} bytes with ${all} present`;
}
