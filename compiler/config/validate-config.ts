/**
 * Reads `clusterc.json`: parses it keeping positions (`jsonc-parser`; comments and trailing
 * commas allowed, as in tsconfig.json) and checks it against {@link CONFIG_SCHEMA}, so that
 * every mistake — a syntax error, an unknown key, a bad value — is a located diagnostic.
 */
import { getNodeValue, type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { editDistance } from "../diagnostics/edit-distance.ts";
import { createOffsetLocation } from "../syntax/locations.ts";
import { CONFIG_SCHEMA, type ClustercConfig, type JsonSchema } from "./config-schema.ts";

/** The outcome of reading a config: the config, or the diagnostics that make it unusable. */
export type ConfigResult = { readonly config: ClustercConfig } | { readonly diagnostics: readonly Diagnostic[] };

/** The candidate `word` most likely meant (a prefix of it or the reverse, else at most two edits away), for "did you mean". */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => editDistance(a.toLowerCase(), b.toLowerCase());
  const lower = word.toLowerCase();
  const prefix = candidates.find((c) => lower.startsWith(c.toLowerCase()) || c.toLowerCase().startsWith(lower));
  if (prefix !== undefined) return prefix;
  const best = [...candidates].sort((x, y) => distance(word, x) - distance(word, y))[0];
  return best !== undefined && distance(word, best) <= 2 ? best : undefined;
}

/** `an array`, `a string`. */
function aType(type: string): string {
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}

function quoteAll(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(", ");
}

/** Checks `node` (at `path`, e.g. `gen.int64`) against `schema`, reporting through `report`. */
function check(node: Node, schema: JsonSchema, path: string, report: (node: Node, code: string, message: string) => void): void {
  const what = path === "" ? "the configuration" : `'${path}'`;
  if (schema.enum !== undefined) {
    if (node.type !== "string" || !schema.enum.includes(node.value as string)) {
      const got = node.type === "string" ? `'${node.value as string}'` : aType(node.type);
      report(node, "config-invalid-value", `${what} must be one of ${quoteAll(schema.enum)}, got ${got}`);
    }
    return;
  }
  if (schema.type !== undefined && node.type !== schema.type) {
    report(
      node,
      "config-invalid-value",
      `${what} must be ${schema.type === "array" ? "an array" : `a ${schema.type}`}, got a ${node.type}`,
    );
    return;
  }
  if (schema.type === "string" && (node.value as string).length < (schema.minLength ?? 0)) {
    report(node, "config-invalid-value", `${what} must not be empty`);
  }
  if (schema.type === "array") {
    const items = node.children ?? [];
    if (items.length < (schema.minItems ?? 0))
      report(node, "config-invalid-value", `${what} must have at least ${schema.minItems} item(s)`);
    const seen = new Set<unknown>();
    for (const [i, item] of items.entries()) {
      if (schema.items !== undefined) check(item, schema.items, `${path}[${i}]`, report);
      if (schema.uniqueItems === true && seen.has(item.value))
        report(item, "config-invalid-value", `${what} lists ${JSON.stringify(item.value)} twice`);
      seen.add(item.value);
    }
  }
  if (schema.type === "object") {
    const known = Object.keys(schema.properties ?? {});
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key === undefined || value === undefined) continue;
      const name = key.value as string;
      const sub = schema.properties?.[name];
      if (sub === undefined) {
        const hint = closest(name, known);
        const where = path === "" ? "" : ` in '${path}'`;
        report(
          key,
          "config-unknown-key",
          `unknown key '${name}'${where}${hint === undefined ? "" : ` (did you mean '${hint}'?)`}; known keys: ${known.join(", ")}`,
        );
        continue;
      }
      check(value, sub, path === "" ? name : `${path}.${name}`, report);
    }
  }
}

/** Parses and validates the text of a `clusterc.json` (`file` names it in diagnostics). */
export function readConfigText(text: string, file: string): ConfigResult {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  // The first syntax error only: the parser's recovery turns one mistake into several.
  const diagnostics: Diagnostic[] = errors.slice(0, 1).map((e) =>
    createDiagnostic({
      code: "config-syntax",
      message: `invalid JSON: ${printParseErrorCode(e.error)
        .replace(/([a-z])([A-Z])/g, "$1 $2")
        .toLowerCase()}`,
      loc: createOffsetLocation(file, text, e.offset, e.length),
    }),
  );
  if (root === undefined || diagnostics.length > 0) {
    if (diagnostics.length === 0)
      diagnostics.push(
        createDiagnostic({
          code: "config-syntax",
          message: "invalid JSON: the file is empty",
          loc: createOffsetLocation(file, text, 0, 1),
        }),
      );
    return { diagnostics };
  }
  check(root, CONFIG_SCHEMA, "", (node, code, message) =>
    diagnostics.push(createDiagnostic({ code, message, loc: createOffsetLocation(file, text, node.offset, node.length) })),
  );
  return diagnostics.length > 0 ? { diagnostics } : { config: getNodeValue(root) as ClustercConfig };
}
