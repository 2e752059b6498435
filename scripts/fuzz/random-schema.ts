/**
 * Random zproto schema text for the compiler and codec fuzzers: valid schemas (structs referring
 * to earlier structs, arrays, maps keyed by a scalar field, nested structs, protocol tags) and
 * mutations of any schema text (deleted, duplicated and swapped spans, inserted tokens).
 */
import fc from "fast-check";

/** Every builtin scalar type spelling (`byte[]` and `ubyte[]` are the string and blob spellings). */
export const SCALARS = [
  "boolean",
  "byte",
  "ubyte",
  "short",
  "ushort",
  "int32",
  "uint32",
  "integer",
  "uinteger",
  "int64",
  "uint64",
  "long",
  "ulong",
  "float",
  "string",
  "blob",
  "byte[]",
  "ubyte[]",
] as const;
/** Scalar types a map may be keyed by here. */
export const KEYABLE = ["byte", "ubyte", "short", "ushort", "int32", "uint32", "int64", "uint64", "float", "string", "boolean"] as const;

interface FieldPlan {
  readonly gap: number;
  readonly kind: "scalar" | "array" | "struct" | "structArray" | "map";
  readonly scalar: string;
  readonly ref: number;
}

const fieldPlan: fc.Arbitrary<FieldPlan> = fc.record({
  gap: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 40 })),
  kind: fc.constantFrom("scalar", "scalar", "scalar", "array", "struct", "structArray", "map"),
  scalar: fc.constantFrom(...SCALARS),
  ref: fc.nat(),
});

interface StructPlan {
  readonly first: number;
  readonly fields: readonly FieldPlan[];
  readonly keyType: string;
  readonly tagged: boolean;
  readonly nested: boolean;
}

const structPlan: fc.Arbitrary<StructPlan> = fc.record({
  first: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 300 })),
  fields: fc.array(fieldPlan, { minLength: 0, maxLength: 7 }),
  keyType: fc.constantFrom(...KEYABLE),
  tagged: fc.boolean(),
  nested: fc.boolean(),
});

function renderStruct(plan: StructPlan, index: number): string {
  const name = `s${index}`;
  const lines: string[] = [`${name}${plan.tagged ? ` 0x${(index + 1).toString(16)}` : ""} {`];
  // Every struct has a key-able first field, so any earlier struct can be a map element.
  if (plan.nested) lines.push(`\tinner {`, `\t\t.v:int32 1`, `\t}`);
  lines.push(`\t.k:${plan.keyType} ${plan.first}`);
  let tag = plan.first;
  plan.fields.forEach((f, i) => {
    tag += f.gap;
    const ref = index > 0 ? `s${f.ref % index}` : plan.nested ? "inner" : undefined;
    let type = f.scalar;
    if (f.kind === "array" && !f.scalar.endsWith("[]")) type = `${f.scalar}[]`;
    else if (f.kind === "struct" && ref !== undefined) type = ref;
    else if (f.kind === "structArray" && ref !== undefined) type = `${ref}[]`;
    else if (f.kind === "map" && index > 0) type = `s${f.ref % index}[k]`;
    lines.push(`\t.f${i}:${type} ${tag}`);
  });
  lines.push("}");
  return lines.join("\n");
}

/** Valid schema text (1..5 structs). */
export const validSchemaText: fc.Arbitrary<string> = fc
  .array(structPlan, { minLength: 1, maxLength: 5 })
  .map((plans) => `${plans.map((p, i) => renderStruct(p, i)).join("\n\n")}\n`);

const TOKENS = [
  "{",
  "}",
  ".",
  ":",
  "[",
  "]",
  "0x",
  "-1",
  "65536",
  "4294967296",
  "#",
  "\n",
  "service",
  "->",
  "x",
  "int32",
  "\u0000",
  "é",
  "09",
  "1e5",
  '"',
  "s0",
  "k",
];

/** A mutation of schema text. */
type TextEdit =
  | { kind: "delete"; at: number; length: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "duplicate"; at: number; length: number }
  | { kind: "swap"; a: number; b: number };

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }), fc.string({ unit: "binary", maxLength: 4 })),
  }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
);

function applyEdit(text: string, edit: TextEdit): string {
  const n = text.length + 1;
  switch (edit.kind) {
    case "delete": {
      const at = edit.at % n;
      return text.slice(0, at) + text.slice(at + edit.length);
    }
    case "insert": {
      const at = edit.at % n;
      return text.slice(0, at) + edit.text + text.slice(at);
    }
    case "duplicate": {
      const at = edit.at % n;
      return text.slice(0, at + edit.length) + text.slice(at, at + edit.length) + text.slice(at + edit.length);
    }
    case "swap": {
      const lines = text.split("\n");
      const a = edit.a % lines.length;
      const b = edit.b % lines.length;
      [lines[a], lines[b]] = [lines[b] as string, lines[a] as string];
      return lines.join("\n");
    }
  }
}

/** `base` with 1..5 random edits. */
export function mutatedSchemaText(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(base, fc.array(textEdit, { minLength: 1, maxLength: 5 })).map(([text, edits]) => edits.reduce(applyEdit, text));
}
