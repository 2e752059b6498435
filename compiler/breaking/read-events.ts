/**
 * Walking the read events of every compared struct pair, both ways, and naming the fields
 * involved from the new schema's side (where most changes are located).
 */
import type { FieldModel } from "../model/schema-model.ts";
import { fieldList } from "./describe.ts";
import { BOTH_DIRECTIONS, type Direction } from "./change.ts";
import type { FileComparison, StructPair } from "./comparison.ts";
import type { BreakingContext } from "./rule.ts";
import type { Mismatch, ReadEvent } from "./wire-read.ts";

/** One event with where it happened. */
export interface LocatedEvent {
  readonly event: ReadEvent;
  readonly pair: StructPair;
  readonly direction: Direction;
  readonly file: FileComparison;
}

/** Calls `fn` for every read event of every matched struct pair, in both directions. */
export function forEachReadEvent(ctx: BreakingContext, fn: (located: LocatedEvent) => void): void {
  for (const file of ctx.files) {
    for (const pair of file.pairs) {
      for (const direction of BOTH_DIRECTIONS) {
        for (const event of pair.read(direction).events) fn({ event, pair, direction, file });
      }
    }
  }
}

/** True when `f` is declared by the new version of the pair. */
export function isNewField(pair: StructPair, f: FieldModel): boolean {
  return pair.neu.fields.includes(f);
}

/** The other version's declaration of field `f` of the pair (either side), if it has one. */
export function otherVersion(pair: StructPair, f: FieldModel): FieldModel | undefined {
  return isNewField(pair, f) ? pair.fields.oldOf(f) : pair.fields.newOf(f);
}

/** The new version's declaration of `f` (either side), if any. */
export function newVersion(pair: StructPair, f: FieldModel): FieldModel | undefined {
  return isNewField(pair, f) ? f : pair.fields.newOf(f);
}

/**
 * The field of a misread that moved to another tag, if one did: the writer's field when the
 * reader has it elsewhere, else the reader's field when the writer has it elsewhere.
 */
export function movedField(pair: StructPair, writer: FieldModel, reader: FieldModel): FieldModel | undefined {
  const w = otherVersion(pair, writer);
  if (w !== undefined && w.tag !== writer.tag) return writer;
  const r = otherVersion(pair, reader);
  if (r !== undefined && r.tag !== reader.tag) return reader;
  return undefined;
}

/**
 * ` and the fields after it ('x' (tag 4))`: the fields after `neu` (new version) that both
 * versions declare — what a read of the wrong size misreads too, either way (so one message
 * serves both directions); "" when there are none.
 */
export function fieldsAfter(pair: StructPair, neu: FieldModel): string {
  const later = pair.neu.fields.filter((f) => f.tag > neu.tag && pair.fields.oldOf(f) !== undefined);
  return later.length === 0 ? "" : ` and the fields after it (${fieldList(later)})`;
}

/** A field misread by its own other version, seen from the new version. */
export interface FieldMismatch {
  readonly neu: FieldModel;
  readonly old: FieldModel;
  readonly aligned: boolean;
  readonly pair: StructPair;
  readonly direction: Direction;
}

/** Calls `fn` for every read of a field as its own other version that differs by `mismatch` (type, shape, map key). */
export function forEachFieldMismatch(ctx: BreakingContext, mismatch: Mismatch, fn: (found: FieldMismatch) => void): void {
  forEachReadEvent(ctx, ({ event, pair, direction }) => {
    if (event.kind !== "misread" || !event.same || event.mismatch !== mismatch) return;
    const neu = newVersion(pair, event.writer) ?? event.writer;
    fn({ neu, old: otherVersion(pair, neu) ?? event.reader, aligned: event.aligned, pair, direction });
  });
}
