/**
 * Struct tables: what generated code declares once per struct, `$XFields = fieldTable(…)`.
 * A table has the struct's name and declared fields (from a compact spec, `partial.ts`)
 * and its `encode` and `decode`, which wrap the struct's two generated bodies:
 *
 * - `encode` checks the value is an object and reserves the header and a tag slot per
 *   declared field (`beginStruct`), runs the generated encode body (one field writer call
 *   per field), names the field of a failure (the writers only know its tag) and closes the
 *   struct (`endStruct`).
 * - `decode` opens the struct (`beginRead`); when every declared field is present in order
 *   (`Reader.full`, what every encoder writes) it runs the generated decode body, which
 *   reads the fields straight into one object literal; anything else goes through
 *   `readPartial`.
 *
 * Nested structs are written and read through their tables, so the bodies are the only
 * per-struct code generated.
 */
import type { StructSource, StructReader } from "./array-read.ts";
import type { StructTarget, StructWriter } from "./array-write.ts";
import { nameTaggedField } from "./errors.ts";
import { parseFields, readPartial, type DeclaredFields, type NestedStruct } from "./partial.ts";
import { beginRead, type Reader } from "./reader.ts";
import { beginStruct, endStruct } from "./writer.ts";

/** A struct's generated encode body: one field writer call per declared field of `value`. */
export type StructEncodeBody<T> = StructWriter<T>;

/**
 * A struct's generated decode body: reads every declared field, in order, of the struct
 * opened with `beginRead` (ending at `se`, at nesting `depth`) into a new `T`.
 */
export type StructBody<T> = (r: Reader, se: number, depth: number) => T;

/** The table of a struct `T`, made once per struct by {@link fieldTable}. */
export interface FieldTable<T> extends DeclaredFields, StructSource<T>, StructTarget<T> {
  /** The struct's qualified name (`player.stats`), for error messages. */
  readonly name: string;
  /** Encodes a `T` at the writer's position. */
  readonly encode: StructWriter<T>;
  /** Decodes a `T` (the fast path through the generated body, else `readPartial`). */
  readonly decode: StructReader<T>;
}

/**
 * Generated code: the table of struct `name` (a `T`) with the declared fields of `spec`
 * (see `parseFields` in `partial.ts`; `@k` kinds refer to `nested[k]`) and its generated
 * encode and decode bodies.
 */
export function fieldTable<T>(
  name: string,
  spec: string,
  encodeBody: StructEncodeBody<T>,
  decodeBody: StructBody<T>,
  ...nested: NestedStruct[]
): FieldTable<T> {
  if (typeof name !== "string" || typeof spec !== "string" || typeof encodeBody !== "function" || typeof decodeBody !== "function") {
    throw new TypeError(
      `clusterc runtime: a struct table made by code that another clusterc version generated; ` +
        "regenerate it with this version's `clusterc gen` (generated code and runtime must match)",
    );
  }
  const { base, fields } = parseFields(spec, nested);
  const count = fields.length;
  // With consecutive tags, a table of that many zero deltas means every field is present in order.
  const consecutive = fields.every((f, k) => f.tag === base + k) ? count : -1;
  const nameOf = (tag: number): string | undefined => fields.find((f) => f.tag === tag)?.name;
  const table: FieldTable<T> = {
    name,
    base,
    fields,
    encode(w, value) {
      const start = beginStruct(w, value, name, count, base);
      try {
        encodeBody(w, value);
      } catch (err) {
        throw nameTaggedField(err, nameOf);
      }
      endStruct(w, start, count);
    },
    decode(r, end, depth) {
      const se = beginRead(r, end, depth, consecutive);
      if (!r.full) return readPartial(r, se, depth, table);
      const value = decodeBody(r, se, depth);
      r.pos = se;
      return value;
    },
  };
  return table;
}
