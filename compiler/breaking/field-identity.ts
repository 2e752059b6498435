/**
 * Which old field is which new field. Names never travel on the wire, but they are how an
 * author says "the same field": fields match by name first; an old and a new field left over
 * with the same tag and the same type are the same field renamed. Anything else is a field
 * removed and a field added (perhaps on the same tag: a reused tag).
 */
import type { FieldModel, StructModel } from "../model/schema-model.ts";

/** The field correspondence of one old/new struct pair. */
export interface FieldMatch {
  /** The new field that is `old` (same name, or renamed on the same tag), if any. */
  newOf(old: FieldModel): FieldModel | undefined;
  /** The old field that `neu` was, if any. */
  oldOf(neu: FieldModel): FieldModel | undefined;
}

/** True when two fields are declared alike: same element type (by kind and scalar), shape and map key. */
function declaredAlike(a: FieldModel, b: FieldModel): boolean {
  if (a.shape !== b.shape || a.type.kind !== b.type.kind) return false;
  if (a.type.kind === "scalar" && b.type.kind === "scalar" && a.type.scalar !== b.type.scalar) return false;
  return a.mapKey === b.mapKey;
}

/** Matches the fields of `old` and `neu`. */
export function matchFields(old: StructModel, neu: StructModel): FieldMatch {
  const toNew = new Map<FieldModel, FieldModel>();
  const toOld = new Map<FieldModel, FieldModel>();
  const newByName = new Map(neu.fields.map((f) => [f.name, f]));
  for (const o of old.fields) {
    const n = newByName.get(o.name);
    if (n === undefined) continue;
    toNew.set(o, n);
    toOld.set(n, o);
  }
  const newByTag = new Map(neu.fields.filter((f) => !toOld.has(f)).map((f) => [f.tag, f]));
  for (const o of old.fields) {
    if (toNew.has(o)) continue;
    const n = newByTag.get(o.tag);
    if (n === undefined || !declaredAlike(o, n)) continue;
    toNew.set(o, n);
    toOld.set(n, o);
  }
  return { newOf: (o) => toNew.get(o), oldOf: (n) => toOld.get(n) };
}
