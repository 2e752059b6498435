/**
 * fast-check arbitraries of valid zproto encodings built from a compiled schema model (wire level,
 * independent of the generated TypeScript shapes), used as seeds for mutation.
 *
 *     struct: u32 len | u16 count | u16 delta[count] | data…   (all little-endian)
 */
import fc from "fast-check";
import type { FieldModel, SchemaModel, StructModel } from "../../compiler/model/schema-model.ts";

const FIXED_WIDTH: Readonly<Record<string, number>> = {
  boolean: 1,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float: 4,
  int64: 8,
  uint64: 8,
};

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

function scalarArb(scalar: string): fc.Arbitrary<Buffer> {
  const width = FIXED_WIDTH[scalar];
  if (width !== undefined) {
    if (scalar === "boolean") return fc.constantFrom(Buffer.of(0), Buffer.of(1));
    return fc.uint8Array({ minLength: width, maxLength: width }).map((b) => Buffer.from(b));
  }
  const bytes =
    scalar === "string"
      ? fc.string({ maxLength: 12 }).map((s) => Buffer.from(s))
      : fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b));
  return bytes.map((b) => Buffer.concat([u32(b.length), b]));
}

/** Builds arbitraries of one struct's encoding (and those of the structs it refers to), depth-bounded. */
export function createStructEncodingArbitrary(model: SchemaModel, structName: string): fc.Arbitrary<Buffer> {
  const byName = new Map<string, StructModel>(model.structs.map((s) => [s.qualifiedName, s]));
  /** `mustHave`: a field always present (the key field of a map element). */
  const structArb = (name: string, depth: number, mustHave?: string): fc.Arbitrary<Buffer> => {
    const struct = byName.get(name);
    if (struct === undefined) return fc.constant(Buffer.from("0200000000000000", "hex").subarray(0, 6));
    const fieldArbs = struct.fields.map((f) => fieldArb(f, depth));
    const base = struct.fields[0]?.tag ?? 0;
    return fc
      .tuple(fc.array(fc.boolean(), { minLength: struct.fields.length, maxLength: struct.fields.length }), ...fieldArbs)
      .map(([present, ...data]) => {
        const deltas: number[] = [];
        const parts: Buffer[] = [];
        let previous = -1;
        struct.fields.forEach((field, i) => {
          if ((!present[i] && field.name !== mustHave) || data[i] === null) return;
          deltas.push(previous < 0 ? field.tag - base : field.tag - previous - 1);
          previous = field.tag;
          parts.push(data[i] as Buffer);
        });
        const head = Buffer.alloc(2 + 2 * deltas.length);
        head.writeUInt16LE(deltas.length, 0);
        deltas.forEach((d, i) => {
          head.writeUInt16LE(d, 2 + 2 * i);
        });
        const body = Buffer.concat([head, ...parts]);
        return Buffer.concat([u32(body.length), body]);
      });
  };
  const fieldArb = (field: FieldModel, depth: number): fc.Arbitrary<Buffer | null> => {
    if (field.type.kind === "struct" && depth >= 3) return fc.constant(null);
    const one: fc.Arbitrary<Buffer> =
      field.type.kind === "struct" ? structArb(field.type.struct, depth + 1, field.mapKey) : scalarArb(field.type.scalar);
    if (field.shape === "single") return one;
    return fc.array(one, { maxLength: depth >= 2 ? 1 : 3 }).map((items) => Buffer.concat([u32(items.length), ...items]));
  };
  return structArb(structName, 0);
}
