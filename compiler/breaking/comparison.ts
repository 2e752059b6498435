/**
 * The comparison of two versions of one schema file: its struct pairs, each read both ways
 * with {@link readStruct} (memoized, nested pairs included), and the lookups rules need.
 */
import type { SchemaModel, StructModel } from "../model/schema-model.ts";
import type { Direction } from "./change.ts";
import { type FieldMatch, matchFields } from "./field-identity.ts";
import { matchStructs, type StructMatch } from "./struct-match.ts";
import { type DirectedPair, type ReadOutcome, readStruct } from "./wire-read.ts";

/** Two versions of one struct (or, for a changed field type, two structs read as each other). */
export interface StructPair {
  readonly old: StructModel;
  readonly neu: StructModel;
  readonly fields: FieldMatch;
  /** What a reader of one version loses of what a writer of the other wrote. */
  read(direction: Direction): ReadOutcome;
}

/** The comparison of one old/new file pair. */
export interface FileComparison {
  readonly old: SchemaModel;
  readonly neu: SchemaModel;
  readonly structs: StructMatch;
  /** The pairs of matched structs, in the old model's order. */
  readonly pairs: readonly StructPair[];
  /** A pair of two structs that are not versions of one another, judged on its own (its losses reported by the caller). */
  scratch(old: StructModel, neu: StructModel): StructPair;
  /** The old struct with this qualified name. */
  oldStruct(qualifiedName: string): StructModel;
  /** The new struct with this qualified name. */
  newStruct(qualifiedName: string): StructModel;
}

function lookup(model: SchemaModel): (qualifiedName: string) => StructModel {
  const byName = new Map(model.structs.map((s) => [s.qualifiedName, s]));
  return (qualifiedName) => {
    const s = byName.get(qualifiedName);
    if (s === undefined) throw new Error(`no struct '${qualifiedName}' in ${model.file}`);
    return s;
  };
}

const NOTHING_LOST: ReadOutcome = { events: [], lossy: false };

/** Compares two versions of a schema file. */
export function compareFile(old: SchemaModel, neu: SchemaModel): FileComparison {
  const structs = matchStructs(old, neu);
  const oldStruct = lookup(old);
  const newStruct = lookup(neu);
  const matched = new Map<string, StructPair>();
  const scratchPairs = new Map<string, StructPair>();
  const key = (o: StructModel, n: StructModel): string => `${o.qualifiedName}\0${n.qualifiedName}`;

  const makePair = (o: StructModel, n: StructModel): StructPair => {
    const fields = matchFields(o, n);
    const reads = new Map<Direction, ReadOutcome>();
    const pair: StructPair = {
      old: o,
      neu: n,
      fields,
      read(direction) {
        const known = reads.get(direction);
        if (known !== undefined) return known;
        // zproto forbids recursive structs, so this guard only protects against a model that is not one.
        reads.set(direction, NOTHING_LOST);
        const outcome = readStruct(directed(pair, direction));
        reads.set(direction, outcome);
        return outcome;
      },
    };
    return pair;
  };

  const pairOf = (o: StructModel, n: StructModel, versions: boolean): StructPair => {
    const map = versions ? matched : scratchPairs;
    const k = key(o, n);
    let p = map.get(k);
    if (p === undefined) {
      p = makePair(o, n);
      map.set(k, p);
    }
    return p;
  };

  const directed = (pair: StructPair, direction: Direction): DirectedPair => {
    const newToOld = direction === "new-to-old";
    const writerModel = newToOld ? newStruct : oldStruct;
    const readerModel = newToOld ? oldStruct : newStruct;
    return {
      writer: newToOld ? pair.neu : pair.old,
      reader: newToOld ? pair.old : pair.neu,
      direction,
      fields: pair.fields,
      writerStruct: (f) => writerModel(f.type.kind === "struct" ? f.type.struct : ""),
      readerStruct: (f) => readerModel(f.type.kind === "struct" ? f.type.struct : ""),
      sameStruct: (w, r) => (newToOld ? structs.oldOf(w) === r : structs.newOf(w) === r),
      nested(w, r, versions) {
        const p = newToOld ? pairOf(r, w, versions) : pairOf(w, r, versions);
        return { outcome: p.read(direction), fields: p.fields };
      },
    };
  };

  const pairs = structs.pairs.map(([o, n]) => pairOf(o, n, true));
  return {
    old,
    neu,
    structs,
    pairs,
    scratch: (o, n) => pairOf(o, n, false),
    oldStruct,
    newStruct,
  };
}
