/**
 * Shared lookup for the map-key checks: for a `T[key]` field whose `T` resolved to a
 * struct, the key name, the element struct and the key field (if it exists).
 */
import type { FieldNode, NameNode } from "../syntax/ast.ts";
import type { FieldResolution, Resolution, StructInfo } from "../model/resolve.ts";
import { fieldsOf, forEachField } from "./walk.ts";

/** A map field's key, resolved against its element struct. */
export interface MapKeyUse {
  readonly field: FieldNode;
  readonly key: NameNode;
  readonly element: StructInfo;
  /** The element's field named `key`, with its resolved type; absent when there is none. */
  readonly keyField?: { readonly node: FieldNode; readonly type: FieldResolution | undefined };
}

/** Calls `fn` for every map field whose element type is a visible struct. */
export function forEachMapKey(resolution: Resolution, fn: (use: MapKeyUse) => void): void {
  forEachField(resolution, (field, owner) => {
    const resolved = resolution.fieldType(field, owner);
    if (resolved?.kind !== "struct" || resolved.shape !== "map" || resolved.key === undefined) return;
    const element = resolved.target;
    const node = fieldsOf(element).find((f) => f.name?.text === resolved.key?.text);
    const keyField = node === undefined ? undefined : { node, type: resolution.fieldType(node, element) };
    fn({ field, key: resolved.key, element, keyField });
  });
}
