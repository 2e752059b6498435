/**
 * Random schema models for property tests (built from a seed), and fast-check arbitraries
 * of values for any struct of a model.
 */
import fc from "fast-check";
import type { FieldModel, ScalarKind, SchemaModel, StructModel } from "../../../compiler/model/schema-model.ts";

const loc = { file: "random.zp", line: 1, column: 1, offset: 0, length: 1 };

const SCALARS: readonly { kind: ScalarKind; width: 0 | 1 | 2 | 4 | 8 }[] = [
  { kind: "boolean", width: 1 },
  { kind: "int8", width: 1 },
  { kind: "uint8", width: 1 },
  { kind: "int16", width: 2 },
  { kind: "uint16", width: 2 },
  { kind: "int32", width: 4 },
  { kind: "uint32", width: 4 },
  { kind: "int64", width: 8 },
  { kind: "uint64", width: 8 },
  { kind: "float", width: 4 },
  { kind: "string", width: 0 },
  { kind: "blob", width: 0 },
];

const NAMES = ["a", "b", "class", "delete", "hp", "1st", "x_y", "name", "constructor", "value"];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random schema of 2–4 structs; the last one (`top`) is top-level with protocol tag 1. */
export function randomSchema(seed: number): SchemaModel {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const structs: StructModel[] = [];
  const count = 2 + Math.floor(r() * 3);
  for (let k = 0; k < count; k++) {
    const name = k === count - 1 ? "top" : `s${k}`;
    const fields: FieldModel[] = [];
    let tag = 1 + Math.floor(r() * 4);
    const used = new Set<string>();
    const nf = Math.floor(r() * 6) + (k === 0 ? 1 : 0);
    for (let i = 0; i < nf; i++) {
      let fname = pick(NAMES);
      if (used.has(fname)) fname = `${fname}${i}`;
      used.add(fname);
      const useStruct = structs.length > 0 && r() < 0.35;
      if (useStruct) {
        const target = pick(structs);
        const keyField = target.fields.find((f) => f.shape === "single" && f.type.kind === "scalar");
        const shape = keyField !== undefined && r() < 0.4 ? "map" : pick(["single", "array"] as const);
        fields.push({
          name: fname,
          tag,
          type: { kind: "struct", struct: target.qualifiedName },
          shape,
          ...(shape === "map" && keyField !== undefined ? { mapKey: keyField.name } : {}),
          loc,
        });
      } else {
        const s = pick(SCALARS);
        fields.push({
          name: fname,
          tag,
          type: { kind: "scalar", scalar: s.kind, spelling: s.kind, width: s.width },
          shape: r() < 0.3 ? "array" : "single",
          loc,
        });
      }
      tag += 1 + (r() < 0.3 ? Math.floor(r() * 300) : 0);
    }
    structs.push({ name, qualifiedName: name, protocolTag: k === count - 1 ? 1 : 0, fields, nested: [], loc });
  }
  return { file: `random-${seed}.zp`, structs, services: [] };
}

function scalarArb(kind: ScalarKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case "boolean":
      return fc.boolean();
    case "int8":
      return fc.integer({ min: -128, max: 127 });
    case "uint8":
      return fc.integer({ min: 0, max: 255 });
    case "int16":
      return fc.integer({ min: -32768, max: 32767 });
    case "uint16":
      return fc.integer({ min: 0, max: 65535 });
    case "int32":
      return fc.integer();
    case "uint32":
      return fc.integer({ min: 0, max: 0xffffffff });
    case "int64":
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case "uint64":
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case "float":
      return fc.float();
    case "string":
      return fc.oneof(fc.string({ unit: "binary", maxLength: 12 }), fc.string({ unit: "binary", minLength: 40, maxLength: 80 }));
    case "blob":
      return fc.uint8Array({ maxLength: 24 });
  }
}

/** Arbitrary values of struct `name` (absent fields are absent keys). */
export function valueArb(model: SchemaModel, name: string, required: readonly string[] = []): fc.Arbitrary<Record<string, unknown>> {
  const s = model.structs.find((x) => x.qualifiedName === name);
  if (s === undefined) throw new Error(`no struct ${name}`);
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of s.fields) {
    const el: fc.Arbitrary<unknown> =
      f.type.kind === "struct"
        ? valueArb(model, f.type.struct, f.shape === "map" && f.mapKey !== undefined ? [f.mapKey] : [])
        : scalarArb(f.type.scalar);
    if (f.shape === "single") shape[f.name] = el;
    else if (f.shape === "array") shape[f.name] = fc.array(el, { maxLength: 4 });
    else {
      const key = f.mapKey ?? "";
      shape[f.name] = fc.uniqueArray(el, {
        maxLength: 4,
        comparator: "SameValueZero",
        selector: (e) => (e as Record<string, unknown>)[key],
      });
    }
  }
  return fc.record(shape, { requiredKeys: required.filter((k) => k in shape) }) as fc.Arbitrary<Record<string, unknown>>;
}
