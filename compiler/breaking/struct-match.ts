/**
 * Which old struct is which new struct, within one schema file: the same qualified name, or
 * — for a top-level struct left over on both sides — the same non-zero protocol tag (a
 * message renamed: its `cmd` is what the wire knows it by).
 */
import type { SchemaModel, StructModel } from "../model/schema-model.ts";

/** The struct correspondence of one old/new file pair. */
export interface StructMatch {
  /** The new version of `old`, if any. */
  newOf(old: StructModel): StructModel | undefined;
  /** The old version of `neu`, if any. */
  oldOf(neu: StructModel): StructModel | undefined;
  /** Every matched pair, in the old model's order. */
  readonly pairs: readonly (readonly [StructModel, StructModel])[];
}

/** Matches the structs of two versions of a schema file. */
export function matchStructs(old: SchemaModel, neu: SchemaModel): StructMatch {
  const toNew = new Map<StructModel, StructModel>();
  const toOld = new Map<StructModel, StructModel>();
  const newByName = new Map(neu.structs.map((s) => [s.qualifiedName, s]));
  const link = (o: StructModel, n: StructModel): void => {
    toNew.set(o, n);
    toOld.set(n, o);
  };
  for (const o of old.structs) {
    const n = newByName.get(o.qualifiedName);
    if (n !== undefined) link(o, n);
  }
  const newByTag = new Map(
    neu.structs.filter((s) => s.parent === undefined && s.protocolTag !== 0 && !toOld.has(s)).map((s) => [s.protocolTag, s]),
  );
  for (const o of old.structs) {
    if (o.parent !== undefined || o.protocolTag === 0 || toNew.has(o)) continue;
    const n = newByTag.get(o.protocolTag);
    if (n !== undefined) link(o, n);
  }
  return {
    newOf: (o) => toNew.get(o),
    oldOf: (n) => toOld.get(n),
    pairs: old.structs.flatMap((o) => {
      const n = toNew.get(o);
      return n === undefined ? [] : [[o, n] as const];
    }),
  };
}
