/**
 * The behaviour oracle of the breaking-change tests: encodes a probe value of every struct
 * with one version's generated codec, decodes the bytes with the other version's, and says
 * whether anything was lost — a field that arrives with another value or not at all, a field
 * that receives a value nobody sent, or a decode error. It knows nothing of the checker.
 *
 * Probe values are chosen so that any misreading shows: every scalar field gets its own
 * value, in the half of its range that every other type reads differently (negative signed
 * integers, unsigned ones above the signed maximum, fractions for floats, bytes that are not
 * UTF-8 for blobs); booleans are probed once per bit of a field counter, so two boolean
 * fields always differ in some probe. Arrays of structs repeat one element (a map reader
 * collapses them); maps hold two elements that differ only in their key.
 */
import { structTypeName } from "../../../compiler/naming/ts-names.ts";
import type { FieldModel, ScalarKind, SchemaModel, StructModel } from "../../../compiler/model/schema-model.ts";
import type { MessageCodec } from "../../../runtime/index.ts";
import type { Version } from "./versions.ts";

/** Number of probes (booleans take bit `i` of their field's counter in probe `i`). */
const PROBES = 6;

type Value = unknown;

function structOf(model: SchemaModel, name: string): StructModel {
  const s = model.structs.find((x) => x.qualifiedName === name);
  if (s === undefined) throw new Error(`no struct ${name}`);
  return s;
}

function scalarProbe(kind: ScalarKind, k: number, probe: number): Value {
  switch (kind) {
    case "boolean":
      return ((k >> probe) & 1) === 1;
    case "int8":
      return -1 - (k % 127);
    case "uint8":
      return 128 + (k % 127);
    case "int16":
      return -1000 - k;
    case "uint16":
      return 40000 + k;
    case "int32":
      return -100000 - 7 * k;
    case "uint32":
      return 3_000_000_000 + k;
    case "int64":
      return -(10n ** 15n) - BigInt(k);
    case "uint64":
      return 2n ** 63n + BigInt(k);
    case "float":
      return 1.5 + k;
    case "string":
      return `s${k}`;
    case "blob":
      return new Uint8Array([0xff, k & 0xff, 0xfe]);
  }
}

/** Another value of the key's type (for the second map element). */
function otherKey(value: Value): Value {
  if (typeof value === "boolean") return !value;
  if (typeof value === "number") return value - 1;
  if (typeof value === "bigint") return value - 1n;
  if (typeof value === "string") return `${value}x`;
  return new Uint8Array([...(value as Uint8Array), 0xfd]);
}

/** Builds probe `probe` of struct `s`; `next` numbers the fields. */
function probeValue(model: SchemaModel, s: StructModel, probe: number, next: () => number): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const f of s.fields) {
    const k = next();
    const element = (): Value =>
      f.type.kind === "struct" ? probeValue(model, structOf(model, f.type.struct), probe, next) : scalarProbe(f.type.scalar, k, probe);
    if (f.shape === "single") out[f.name] = element();
    else if (f.shape === "array") {
      const e = element();
      out[f.name] = [e, structuredClone(e)];
    } else {
      const e = element() as Record<string, Value>;
      out[f.name] = [e, { ...structuredClone(e), [f.mapKey ?? ""]: otherKey(e[f.mapKey ?? ""]) }];
    }
  }
  return out;
}

/** Fields that are the same field in two versions: by name; a field whose name the other side lacks, by tag. */
function correspondence(w: StructModel, r: StructModel): Map<FieldModel, FieldModel> {
  const out = new Map<FieldModel, FieldModel>();
  const rNames = new Set(r.fields.map((f) => f.name));
  const wNames = new Set(w.fields.map((f) => f.name));
  for (const wf of w.fields) {
    const rf = rNames.has(wf.name)
      ? r.fields.find((x) => x.name === wf.name)
      : r.fields.find((x) => x.tag === wf.tag && !wNames.has(x.name));
    if (rf !== undefined) out.set(wf, rf);
  }
  return out;
}

function sameScalar(a: Value, b: Value): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  return typeof a === typeof b && (a === b || (typeof a === "number" && Number.isNaN(a) && Number.isNaN(b as number)));
}

/**
 * Where the value `got` that a reader of `rs` decoded differs from the value `sent` that a
 * writer of `ws` encoded, as readable findings (none: nothing lost).
 */
export function differences(
  writer: { readonly model: SchemaModel },
  ws: StructModel,
  reader: { readonly model: SchemaModel },
  rs: StructModel,
  sent: Record<string, Value>,
  got: Record<string, Value>,
  path: string,
): string[] {
  const out: string[] = [];
  const pairs = correspondence(ws, rs);
  const matched = new Set(pairs.values());
  for (const rf of rs.fields) {
    if (!matched.has(rf) && got[rf.name] !== undefined) out.push(`${path}${rf.name}: received a value nobody sent`);
  }
  for (const [wf, rf] of pairs) {
    const a = sent[wf.name];
    const b = got[rf.name];
    const at = `${path}${wf.name}`;
    if (a === undefined) {
      if (b !== undefined) out.push(`${at}: received a value nobody sent`);
      continue;
    }
    if (b === undefined) {
      out.push(`${at}: lost`);
      continue;
    }
    const element = (x: Value, y: Value, p: string): string[] => {
      if (wf.type.kind === "struct" && rf.type.kind === "struct") {
        if (typeof y !== "object" || y === null || Array.isArray(y) || y instanceof Uint8Array) return [`${p}: not a struct`];
        return differences(
          writer,
          structOf(writer.model, wf.type.struct),
          reader,
          structOf(reader.model, rf.type.struct),
          x as Record<string, Value>,
          y as Record<string, Value>,
          `${p}.`,
        );
      }
      return sameScalar(x, y) ? [] : [`${p}: sent ${String(x)}, received ${String(y)}`];
    };
    if (wf.shape === "single" || rf.shape === "single") {
      if (wf.shape !== rf.shape) out.push(`${at}: shape differs`);
      else out.push(...element(a, b, at));
      continue;
    }
    const xs = a as Value[];
    if (!Array.isArray(b) || b.length !== xs.length) {
      out.push(`${at}: ${xs.length} elements sent, ${Array.isArray(b) ? b.length : "none"} received`);
      continue;
    }
    for (const [i, x] of xs.entries()) out.push(...element(x, b[i], `${at}[${i}]`));
  }
  return out;
}

function codecOf(version: Version, s: StructModel): MessageCodec<unknown> {
  const codec = version.module[structTypeName(s.qualifiedName)] as MessageCodec<unknown> | undefined;
  if (codec === undefined) throw new Error(`no codec for ${s.qualifiedName}`);
  return codec;
}

/** Top-level structs that are one message in two versions: by name, then by non-zero protocol tag. */
export function messagePairs(old: SchemaModel, neu: SchemaModel): [StructModel, StructModel][] {
  const tops = (m: SchemaModel): StructModel[] => m.structs.filter((s) => s.parent === undefined);
  const pairs: [StructModel, StructModel][] = [];
  for (const o of tops(old)) {
    const n = tops(neu).find((x) => x.name === o.name);
    if (n !== undefined) pairs.push([o, n]);
  }
  for (const o of tops(old)) {
    if (pairs.some(([x]) => x === o) || o.protocolTag === 0) continue;
    const n = tops(neu).find((x) => x.protocolTag === o.protocolTag && !pairs.some(([, y]) => y === x));
    if (n !== undefined) pairs.push([o, n]);
  }
  return pairs;
}

/** What sending every probe of `ws` from `writer` to `reader` (as `rs`) loses: readable findings, empty when nothing. */
export function sendProbes(writer: Version, ws: StructModel, reader: Version, rs: StructModel): string[] {
  const found: string[] = [];
  for (let probe = 0; probe < PROBES; probe++) {
    let k = 0;
    const sent = probeValue(writer.model, ws, probe, () => ++k);
    let got: Record<string, Value>;
    try {
      got = codecOf(reader, rs).decode(codecOf(writer, ws).encode(sent)) as Record<string, Value>;
    } catch (error) {
      found.push(`${ws.qualifiedName}: decoding failed (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    found.push(...differences(writer, ws, reader, rs, sent, got, `${ws.qualifiedName}.`));
  }
  return [...new Set(found)];
}

/** The responses of calls on one cmd (the request's protocol tag) in both versions, where they are different structs. */
function responsePairs(old: SchemaModel, neu: SchemaModel): [StructModel, StructModel][] {
  const responses = (m: SchemaModel): Map<number, string> =>
    new Map(m.services.flatMap((s) => s.methods.flatMap((x) => (x.response === undefined ? [] : [[x.cmd, x.response] as const]))));
  const newResponses = responses(neu);
  return [...responses(old)].flatMap(([cmd, o]) => {
    const n = newResponses.get(cmd);
    return n === undefined || n === o ? [] : [[structOf(old, o), structOf(neu, n)] as [StructModel, StructModel]];
  });
}

/** What each direction loses over every message pair (and pair of responses to one cmd) of the two versions. */
export function observeBothWays(old: Version, neu: Version): { readonly newToOld: string[]; readonly oldToNew: string[] } {
  const newToOld: string[] = [];
  const oldToNew: string[] = [];
  for (const [o, n] of [...messagePairs(old.model, neu.model), ...responsePairs(old.model, neu.model)]) {
    newToOld.push(...sendProbes(neu, n, old, o));
    oldToNew.push(...sendProbes(old, o, neu, n));
  }
  return { newToOld, oldToNew };
}
