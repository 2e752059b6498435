/**
 * What a zproto reader makes of bytes written with another version of a struct: a model of
 * `zproto_decode` (luaclib-src/zproto/zproto.c, the same in silly 0.7.0 and HEAD; clusterc's
 * runtime decodes alike), run on the two versions' declarations instead of on bytes.
 *
 * The facts it encodes, all from that decoder:
 * - A struct is a tag table then the fields' data. Tags travel as deltas from the struct's
 *   **lowest declared tag** (`basetag`), which each side takes from its own schema: when the
 *   versions disagree on it, every tag lands shifted by the difference.
 * - Fields are read in tag order. A tag the reader does not declare **stops** decoding of the
 *   struct (`if (f == NULL) break;`): every later field is dropped, silently; the enclosing
 *   struct goes on.
 * - A declared tag is read with the **reader's** type. Sizes come from it (1, 2, 4 or 8 bytes,
 *   or a 4-byte length or count and then the data), so a type of another size reads the wrong
 *   bytes, and every later field with it; one of the same size reads a wrong value.
 * - Names are not on the wire. A map is an array of its element structs; a reader keeps one
 *   element per key (the last), so elements that a writer's key told apart, or an array's
 *   repeated elements, collapse under another key.
 *
 * The model assumes the writer sets every field (the worst case: an absent field is skipped
 * by both sides and cannot stop or shift anything) and reports every way the reader's value
 * can differ from the writer's: after a field that stops or derails the reader it goes on
 * as if that field were fixed, so independent problems are each reported.
 */
import type { FieldModel, StructModel } from "../model/schema-model.ts";
import type { Direction } from "./change.ts";
import type { FieldMatch } from "./field-identity.ts";

/** Why a reader's field does not hold the writer's value. */
export type Mismatch = "type" | "shape" | "map-key";

/** One way the reader's value differs from the writer's. Fields are the writer's and the reader's declarations. */
export type ReadEvent =
  /** The sides' lowest tags differ, so tags land shifted; `cause` is the first field that then goes wrong. */
  | { readonly kind: "shift"; readonly writerBase: number; readonly readerBase: number; readonly cause: ReadEvent }
  /** The reader does not declare `writer`'s tag: it stops there and loses `lost` (writer fields it does declare). */
  | { readonly kind: "stop"; readonly writer: FieldModel; readonly lost: readonly FieldModel[] }
  /**
   * `writer`'s value lands in `reader`, which is the same field (`same`) declared otherwise, or
   * another field. When the sizes differ (`aligned` false) every later field is misread too (`lost`).
   */
  | {
      readonly kind: "misread";
      readonly writer: FieldModel;
      readonly reader: FieldModel;
      readonly same: boolean;
      readonly mismatch?: Mismatch;
      readonly aligned: boolean;
      readonly lost: readonly FieldModel[];
    };

/** What one direction of a struct pair loses. */
export interface ReadOutcome {
  /** The events at this struct's level; losses inside nested structs are reported by their own pairs. */
  readonly events: readonly ReadEvent[];
  /** True when any value differs, here or in a nested struct. */
  readonly lossy: boolean;
}

/** One old/new struct pair, seen from one direction. */
export interface DirectedPair {
  readonly writer: StructModel;
  readonly reader: StructModel;
  readonly direction: Direction;
  readonly fields: FieldMatch;
  /** The writer's and the reader's element struct of a struct-typed field. */
  writerStruct(field: FieldModel): StructModel;
  readerStruct(field: FieldModel): StructModel;
  /** True when the two element structs are one struct in two versions (same qualified name, or a renamed message). */
  sameStruct(writer: StructModel, reader: StructModel): boolean;
  /**
   * Reads a nested pair in the same direction. A pair of versions of one struct reports its own
   * losses (`report` true); another struct read in its place is judged here, by the field.
   */
  nested(writer: StructModel, reader: StructModel, report: boolean): { readonly outcome: ReadOutcome; readonly fields: FieldMatch };
}

/** The reader field that is the writer field `f` (the same field, wherever its tag now is). */
function counterpart(pair: DirectedPair, f: FieldModel): FieldModel | undefined {
  return pair.direction === "new-to-old" ? pair.fields.oldOf(f) : pair.fields.newOf(f);
}

/** How a field's value is laid out on the wire: fixed width, or a length/count-prefixed body. */
function layout(f: FieldModel): string {
  const element = f.type.kind === "struct" || f.type.width === 0 ? "len" : `w${f.type.width}`;
  return f.shape === "single" ? element : `n*${element}`;
}

/** A difference between the writer's value and what the reader reads; `mismatch` absent: a nested loss. */
interface Difference {
  readonly mismatch?: Mismatch;
  readonly aligned: boolean;
}

/**
 * How the reader reads the writer's value of `w` as its field `r` (`same`: the same field):
 * undefined when it reads the same value.
 */
function compare(pair: DirectedPair, w: FieldModel, r: FieldModel, same: boolean): Difference | undefined {
  const aligned = layout(w) === layout(r);
  const shapes = new Set([w.shape, r.shape]);
  const arrayOrMap = shapes.size === 2 && shapes.has("array") && shapes.has("map");
  if (w.shape !== r.shape && !arrayOrMap) return { mismatch: "shape", aligned };
  if (w.type.kind !== r.type.kind) return { mismatch: "type", aligned };
  if (w.type.kind === "scalar" && r.type.kind === "scalar" && w.type.scalar !== r.type.scalar) return { mismatch: "type", aligned };
  // Another field's value is a loss whatever its type.
  if (!same) return { aligned };
  if (w.type.kind === "scalar") return undefined;
  // Arrays and maps of structs: an array read as a map collapses repeated elements.
  if (w.shape === "array" && r.shape === "map") return { mismatch: "shape", aligned: true };
  const writer = pair.writerStruct(w);
  const reader = pair.readerStruct(r);
  const identical = pair.sameStruct(writer, reader);
  const inner = pair.nested(writer, reader, identical);
  if (w.shape === "map" && r.shape === "map") {
    const key = writer.fields.find((f) => f.name === w.mapKey);
    const readerKey = key === undefined ? undefined : pair.direction === "new-to-old" ? inner.fields.oldOf(key) : inner.fields.newOf(key);
    if (readerKey === undefined || readerKey.name !== r.mapKey) return { mismatch: "map-key", aligned: true };
  }
  if (!inner.outcome.lossy) return undefined;
  return identical ? { aligned: true } : { mismatch: "type", aligned: true };
}

/** Runs the reader over the writer's fields (all set) and returns what it loses. */
export function readStruct(pair: DirectedPair): ReadOutcome {
  const { writer, reader } = pair;
  const first = writer.fields[0];
  const readerFirst = reader.fields[0];
  // A writer without fields sends none; a reader without fields declares none it could lose.
  if (first === undefined || readerFirst === undefined) return { events: [], lossy: false };
  const shift = readerFirst.tag - first.tag;
  const byTag = new Map(reader.fields.map((f) => [f.tag, f]));
  const known = (from: number): FieldModel[] => writer.fields.slice(from).filter((f) => counterpart(pair, f) !== undefined);
  const events: ReadEvent[] = [];
  let lossy = false;
  for (const [i, w] of writer.fields.entries()) {
    const r = byTag.get(w.tag + shift);
    if (r === undefined) {
      const lost = known(i);
      if (lost.length > 0) events.push({ kind: "stop", writer: w, lost });
      lossy ||= lost.length > 0;
      // The reader stops here; the fields after are still checked, as if it had not (each
      // problem is reported on its own, not only the first).
      continue;
    }
    const same = counterpart(pair, w) === r;
    const diff = compare(pair, w, r, same);
    if (same && diff === undefined) continue;
    lossy = true;
    // A nested struct that loses something reports it as its own pair.
    if (same && diff?.mismatch === undefined) continue;
    const aligned = diff?.aligned ?? true;
    const lost = aligned ? [] : known(i + 1);
    events.push({ kind: "misread", writer: w, reader: r, same, ...(diff?.mismatch ? { mismatch: diff.mismatch } : {}), aligned, lost });
  }
  const cause = events[0];
  if (shift !== 0 && cause !== undefined) {
    return { events: [{ kind: "shift", writerBase: first.tag, readerBase: readerFirst.tag, cause }], lossy };
  }
  return { events, lossy };
}
