/**
 * Random schemas and random edits of them, for the breaking-change property test. A schema is
 * kept as a small spec (top-level structs only, so every struct has a codec of its own to
 * probe) and printed as `.zp` text; an edit is one change an author could make.
 */
import fc from "fast-check";
import { KEYABLE as FUZZ_KEYABLE, SCALARS as FUZZ_SCALARS } from "../../../scripts/fuzz/random-schema.ts";

/** A field: name, type as written (`int32`, `item`, `item[]`, `item[id]`), tag. */
export interface FieldSpec {
  readonly name: string;
  readonly type: string;
  readonly tag: number;
}

/** A top-level struct; `tag` 0 = no protocol tag. */
export interface StructSpec {
  readonly name: string;
  readonly tag: number;
  readonly fields: readonly FieldSpec[];
}

/** A schema: its structs in order (a struct may use only the ones before it). */
export interface SchemaSpec {
  readonly structs: readonly StructSpec[];
}

/** Field types: every scalar spelling, and arrays of some. */
const SCALARS: readonly string[] = [...FUZZ_SCALARS, "int32[]", "string[]", "float[]"];

/** Scalar types a map may be keyed by in these tests (a blob key compares by identity in the TypeScript runtime). */
const KEYABLE = new Set<string>(FUZZ_KEYABLE);

const FIELD_NAMES = ["a", "b", "c", "hp", "name", "id", "x_y", "level", "pos", "list"];

/** `.zp` text of a spec. */
export function printSpec(spec: SchemaSpec): string {
  return spec.structs
    .map((s) => `${s.name}${s.tag === 0 ? "" : ` ${s.tag}`} {\n${s.fields.map((f) => `\t.${f.name}:${f.type} ${f.tag}\n`).join("")}}\n`)
    .join("");
}

/** The struct name a field's type refers to, if any: `item`, `item[]`, `item[id]` → `item`. */
export function structOfType(type: string): string | undefined {
  const base = type.replace(/\[.*\]$/, "");
  return SCALARS.includes(type) || SCALARS.includes(base) ? undefined : base;
}

/** The field types a field of struct number `index` may have: scalars, and earlier structs single, as arrays or keyed maps. */
function typesFor(spec: SchemaSpec, index: number): string[] {
  const out = [...SCALARS];
  for (const s of spec.structs.slice(0, index)) {
    out.push(s.name, `${s.name}[]`);
    for (const f of s.fields) if (KEYABLE.has(f.type)) out.push(`${s.name}[${f.name}]`);
  }
  return out;
}

/** A random schema of 1–4 structs, with gaps between tags. */
export const schemaSpecArb: fc.Arbitrary<SchemaSpec> = fc
  .array(fc.tuple(fc.nat(4), fc.array(fc.tuple(fc.nat(99), fc.nat(2), fc.nat(1000)), { maxLength: 5 }), fc.boolean()), {
    minLength: 1,
    maxLength: 4,
  })
  .map((raw) => {
    let spec: SchemaSpec = { structs: [] };
    raw.forEach(([base, fields, tagged], k) => {
      const types = typesFor(spec, k);
      let tag = base;
      const used = new Set<string>();
      const list: FieldSpec[] = [];
      for (const [t, gap, n] of fields) {
        tag += 1 + gap;
        let name = FIELD_NAMES[n % FIELD_NAMES.length] ?? "f";
        if (used.has(name)) name = `${name}${list.length}`;
        used.add(name);
        list.push({ name, type: types[t % types.length] ?? "int32", tag });
      }
      spec = { structs: [...spec.structs, { name: `s${k}`, tag: tagged ? 0x10 + k : 0, fields: list }] };
    });
    return spec;
  });

/** One edit: which struct, which field, what, and a number to pick types and tags with. */
export interface Edit {
  readonly kind: "add" | "remove" | "retype" | "rename" | "retag" | "swap" | "rename-struct" | "untag" | "rekey";
  readonly struct: number;
  readonly field: number;
  readonly pick: number;
}

/** Random edits. */
export const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom("add", "remove", "retype", "rename", "retag", "swap", "rename-struct", "untag", "rekey"),
  struct: fc.nat(3),
  field: fc.nat(5),
  pick: fc.nat(10_000),
});

function withStruct(spec: SchemaSpec, index: number, s: StructSpec): SchemaSpec {
  return { structs: spec.structs.map((x, i) => (i === index ? s : x)) };
}

function sorted(fields: readonly FieldSpec[]): FieldSpec[] {
  return [...fields].sort((a, b) => a.tag - b.tag);
}

/** Applies an edit; the result may not compile (the property skips those). */
export function applyEdit(spec: SchemaSpec, edit: Edit): SchemaSpec {
  const index = edit.struct % spec.structs.length;
  const s = spec.structs[index]!;
  const f = s.fields.length === 0 ? undefined : s.fields[edit.field % s.fields.length]!;
  const types = typesFor(spec, index);
  const type = types[edit.pick % types.length]!;
  const tags = s.fields.map((x) => x.tag);
  switch (edit.kind) {
    case "add": {
      // A tag anywhere: below, between or above the existing ones.
      const tag = 1 + (edit.pick % ((Math.max(0, ...tags) || 4) + 3));
      if (tags.includes(tag)) return spec;
      return withStruct(spec, index, { ...s, fields: sorted([...s.fields, { name: `n${edit.pick % 97}`, type, tag }]) });
    }
    case "remove":
      return f === undefined ? spec : withStruct(spec, index, { ...s, fields: s.fields.filter((x) => x !== f) });
    case "retype":
      return f === undefined ? spec : withStruct(spec, index, { ...s, fields: s.fields.map((x) => (x === f ? { ...x, type } : x)) });
    case "rename":
      return f === undefined
        ? spec
        : withStruct(spec, index, { ...s, fields: s.fields.map((x) => (x === f ? { ...x, name: `r${edit.pick % 97}` } : x)) });
    case "retag": {
      const tag = 1 + (edit.pick % ((Math.max(0, ...tags) || 4) + 3));
      if (f === undefined || tags.includes(tag)) return spec;
      return withStruct(spec, index, { ...s, fields: sorted(s.fields.map((x) => (x === f ? { ...x, tag } : x))) });
    }
    case "swap": {
      const g = s.fields[(edit.field + 1) % Math.max(1, s.fields.length)];
      if (f === undefined || g === undefined || f === g) return spec;
      return withStruct(spec, index, {
        ...s,
        fields: s.fields.map((x) => (x === f ? { ...x, name: g.name, type: g.type } : x === g ? { ...x, name: f.name, type: f.type } : x)),
      });
    }
    case "rename-struct": {
      // A message renamed on its protocol tag, every use of it following.
      if (s.tag === 0) return spec;
      const to = `m${edit.pick % 97}`;
      const rename = (t: string): string => (structOfType(t) === s.name ? t.replace(s.name, to) : t);
      return {
        structs: spec.structs.map((x) => ({
          ...x,
          name: x === s ? to : x.name,
          fields: x.fields.map((y) => ({ ...y, type: rename(y.type) })),
        })),
      };
    }
    case "untag":
      return withStruct(spec, index, { ...s, tag: s.tag === 0 ? 0x40 + index : 0 });
    case "rekey": {
      // A map keyed by another field of its elements (or an array made a map, or the reverse).
      const target = f === undefined ? undefined : spec.structs.find((x) => x.name === structOfType(f.type));
      if (f === undefined || target === undefined) return spec;
      const keys = target.fields.filter((x) => KEYABLE.has(x.type));
      const key = keys[edit.pick % Math.max(1, keys.length)];
      const to = key === undefined || edit.pick % 5 === 0 ? `${target.name}[]` : `${target.name}[${key.name}]`;
      return withStruct(spec, index, { ...s, fields: s.fields.map((x) => (x === f ? { ...x, type: to } : x)) });
    }
  }
}
