/**
 * The warning a rename carries: what it does to the wire (nothing: zproto sends tags, never
 * names) and to the generated TypeScript (the names it changes, which breaks code using them).
 */
import type { SchemaAnalysis } from "../compile.ts";
import type { NamingStyle } from "../naming/ts-names.ts";
import type { SchemaSymbol } from "./symbol-index.ts";
import { generatedNamesOf } from "./generated-names.ts";

/** What {@link renameWarning} compares. */
export interface RenameWarningInput {
  readonly before: SchemaAnalysis;
  readonly after: SchemaAnalysis;
  readonly symbol: SchemaSymbol;
  readonly newName: string;
  /** The naming style of the generated TypeScript (field and method names depend on it). */
  readonly naming: NamingStyle;
}

const WIRE = "changes nothing on the wire: zproto sends field tags and protocol tags, never names, so running peers keep working";

function changed(pairs: ReadonlyArray<readonly [string | undefined, string | undefined]>): string[] {
  return pairs.filter(([a, b]) => a !== undefined && b !== undefined && a !== b).map(([a, b]) => `\`${a}\` → \`${b}\``);
}

function structChanges(input: RenameWarningInput, qualifiedName: string): string[] {
  const { before, after, newName, naming } = input;
  const prefix = qualifiedName.split(".").slice(0, -1);
  const renamed = [...prefix, newName].join(".");
  const oldNames = generatedNamesOf(before, naming);
  const newNames = generatedNamesOf(after, naming);
  const out: string[] = [];
  for (const info of before.resolution.structs) {
    if (info.qualifiedName !== qualifiedName && !info.qualifiedName.startsWith(`${qualifiedName}.`)) continue;
    const target = after.resolution.structs.find((s) => s.qualifiedName === renamed + info.qualifiedName.slice(qualifiedName.length));
    if (target === undefined) continue;
    const a = oldNames.struct(info);
    const b = newNames.struct(target);
    out.push(
      ...changed([
        [a.type, b.type],
        [a.tagConst, b.tagConst],
      ]),
    );
  }
  const [oldMethod, newMethod] = [oldNames.member(qualifiedName), newNames.member(newName)];
  if (prefix.length === 0 && oldMethod !== newMethod) {
    for (const item of before.ast.items) {
      if (item.kind !== "service" || !item.methods.some((m) => m.request.text === qualifiedName)) continue;
      const names = oldNames.service(item.name.text);
      out.push(`method \`${oldMethod}\` → \`${newMethod}\` of \`${names.client}\` and \`${names.handler}\``);
    }
  }
  return out;
}

/** The warning text for a rename. */
export function renameWarning(input: RenameWarningInput): string {
  const { symbol, newName } = input;
  let what: string;
  let changes: string[];
  let json = "";
  switch (symbol.kind) {
    case "struct":
      what = `struct '${symbol.info.qualifiedName}'`;
      changes = structChanges(input, symbol.info.qualifiedName);
      break;
    case "field": {
      what = `field '${symbol.name.text}' of '${symbol.owner.qualifiedName}'`;
      const names = generatedNamesOf(input.before, input.naming);
      const [from, to] = [names.member(symbol.name.text), names.member(newName)];
      changes = from === to ? [] : [`property \`${from}\` → \`${to}\` of \`${names.struct(symbol.owner).type}\``];
      json = ` The field's key in the JSON of \`clusterc encode\`, \`decode\` and \`call\` (the schema's name) changes too.`;
      break;
    }
    case "service": {
      what = `service '${symbol.service.name.text}'`;
      const a = generatedNamesOf(input.before, input.naming).service(symbol.service.name.text);
      const b = generatedNamesOf(input.after, input.naming).service(newName);
      changes = changed([
        [a.descriptor, b.descriptor],
        [a.client, b.client],
        [a.createClient, b.createClient],
        [a.handler, b.handler],
        [a.serve, b.serve],
        [a.errors?.codes, b.errors?.codes],
        [a.errors?.codeType, b.errors?.codeType],
        [a.errors?.guard, b.errors?.guard],
      ]);
      break;
    }
    case "builtin":
      return "";
  }
  const ts =
    changes.length === 0
      ? "The generated TypeScript names stay the same."
      : `It changes generated TypeScript names, which breaks code that uses them (source-breaking): ${changes.join(", ")}.`;
  return `Renaming ${what} to '${newName}' ${WIRE}. ${ts}${json}`;
}
