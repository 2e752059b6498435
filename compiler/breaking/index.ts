/**
 * `clusterc breaking`'s engine: compares two versions of a schema set and returns every
 * breaking change, each from one rule of `rules/` with its own stable code. Pure: the CLI
 * reads the files (from disk, a folder or a git ref) and compiles them; this compares models.
 */
import type { SchemaModel } from "../model/schema-model.ts";
import { DEFAULT_NAMING, type NamingStyle } from "../naming/ts-names.ts";
import { BOTH_DIRECTIONS, type BreakingChange, type BreakingLevel, type Direction } from "./change.ts";
import { compareFile } from "./comparison.ts";
import type { BreakingRule, ChangeReport } from "./rule.ts";
import { baseTagChanged } from "./rules/base-tag-changed.ts";
import { fieldInserted } from "./rules/field-inserted.ts";
import { fieldRemoved } from "./rules/field-removed.ts";
import { fieldRenamed } from "./rules/field-renamed.ts";
import { fieldRenumbered } from "./rules/field-renumbered.ts";
import { fieldShapeChanged } from "./rules/field-shape-changed.ts";
import { fieldTypeChanged } from "./rules/field-type-changed.ts";
import { fileRemoved } from "./rules/file-removed.ts";
import { mapKeyChanged } from "./rules/map-key-changed.ts";
import { methodKindChanged } from "./rules/method-kind-changed.ts";
import { methodMoved } from "./rules/method-moved.ts";
import { methodRemoved } from "./rules/method-removed.ts";
import { methodRenamed } from "./rules/method-renamed.ts";
import { methodResponseChanged } from "./rules/method-response-changed.ts";
import { protocolTagChanged } from "./rules/protocol-tag-changed.ts";
import { serviceRemoved } from "./rules/service-removed.ts";
import { serviceRenamed } from "./rules/service-renamed.ts";
import { structRemoved } from "./rules/struct-removed.ts";
import { structRenamed } from "./rules/struct-renamed.ts";
import { tagReused } from "./rules/tag-reused.ts";

export type { BreakingChange, BreakingLevel, Direction } from "./change.ts";
export { changeDiagnostic, describeDirections } from "./change.ts";
export type { BreakingRule } from "./rule.ts";

/** Every rule, fields first, then structs, methods, services and files. */
export const ALL_BREAKING_RULES: readonly BreakingRule[] = [
  baseTagChanged,
  fieldInserted,
  fieldRemoved,
  fieldRenumbered,
  tagReused,
  fieldTypeChanged,
  fieldShapeChanged,
  mapKeyChanged,
  fieldRenamed,
  structRemoved,
  structRenamed,
  protocolTagChanged,
  methodRemoved,
  methodKindChanged,
  methodResponseChanged,
  methodRenamed,
  methodMoved,
  serviceRemoved,
  serviceRenamed,
  fileRemoved,
];

/** The two versions to compare: each file's model by its path relative to the set's root (the pairing key). */
export interface SchemaVersions {
  readonly old: ReadonlyMap<string, SchemaModel>;
  readonly neu: ReadonlyMap<string, SchemaModel>;
}

/** Options of {@link findBreakingChanges}. */
export interface BreakingOptions {
  /** `wire` (default): changes that break nodes talking to each other; `source`: those and the ones that break generated names. */
  readonly level?: BreakingLevel;
  /** The generator's naming style (default camel): renames that keep the generated name are not reported. */
  readonly naming?: NamingStyle;
  /** Codes not to report. */
  readonly except?: readonly string[];
  /** The rules to run (default {@link ALL_BREAKING_RULES}). */
  readonly rules?: readonly BreakingRule[];
}

/** Every level a `--level` accepts. */
export const BREAKING_LEVELS: readonly BreakingLevel[] = ["wire", "source"];

/** Compares two versions of a schema set; the changes come sorted by file and position. */
export function findBreakingChanges(versions: SchemaVersions, options: BreakingOptions = {}): BreakingChange[] {
  const files = [...versions.neu].flatMap(([key, neu]) => {
    const old = versions.old.get(key);
    return old === undefined ? [] : [compareFile(old, neu)];
  });
  const removedFiles = [...versions.old].flatMap(([key, old]) => (versions.neu.has(key) ? [] : [old]));
  const merged = new Map<string, BreakingChange>();
  const except = new Set(options.except ?? []);
  for (const rule of options.rules ?? ALL_BREAKING_RULES) {
    if (except.has(rule.code)) continue;
    const report = (change: ChangeReport): void => {
      const key = `${rule.code}\0${change.loc.file}\0${change.loc.offset}\0${change.message}`;
      const known = merged.get(key);
      const directions: Direction[] = BOTH_DIRECTIONS.filter((d) => change.directions.includes(d) || known?.directions.includes(d));
      merged.set(key, { code: rule.code, level: change.level, directions, message: change.message, loc: change.loc });
    };
    rule.run({ files, removedFiles, naming: options.naming ?? DEFAULT_NAMING, report });
  }
  const level = options.level ?? "wire";
  return [...merged.values()]
    .filter((c) => level === "source" || c.level === "wire")
    .sort((a, b) => (a.loc.file === b.loc.file ? a.loc.offset - b.loc.offset : a.loc.file < b.loc.file ? -1 : 1));
}
