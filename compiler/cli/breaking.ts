/**
 * `clusterc breaking [SCHEMA...] --against REF`: reports the changes between `REF`'s version
 * of the schemas and the working tree's that break nodes running different versions (level
 * `wire`, the default) or also code using the generated names (level `source`). Each change
 * is a located diagnostic with a stable code (`breaking/`); `--format json` prints one JSON
 * report on stdout. A schema that does not compile on either side is reported where it is
 * (`main:schemas/calc.zp:3:5` for the old side). Exit 1 when anything breaks or fails.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { formatDiagnostic, type JsonDiagnostic, toJsonDiagnostic } from "../diagnostics/format.ts";
import type { SchemaModel } from "../model/schema-model.ts";
import { NAMING_STYLES, type NamingStyle } from "../naming/ts-names.ts";
import { oneOf, parseOptions } from "./args.ts";
import { loadConfig } from "./config-file.ts";
import { EXIT_FAILURE, EXIT_OK, reportUsageError, usageError } from "./errors.ts";
import { normalizePattern } from "./globs.ts";
import { processIo, type CliIo } from "./output.ts";
import { againstSide, type SchemaSide, workingTreeSide } from "./schema-sides.ts";
import { join, relative } from "node:path";

/** The usage text of `clusterc breaking`. */
export const BREAKING_USAGE = [
  "usage: clusterc breaking [SCHEMA...] --against REF [--level wire|source] [--format text|json]",
  "                         [--naming camel|schema] [--config FILE]",
  "",
  "Reports the schema changes since REF that break a cluster whose nodes run either version.",
  "SCHEMA: files or quoted glob patterns ('schemas/*.zp'); none: the 'inputs' of clusterc.json.",
  "REF: a git ref (main, origin/main, HEAD~1, a tag), a folder holding the old tree (DIR/<same",
  "paths>), or a file holding the old version of the one SCHEMA.",
  "",
  "options:",
  "  --against REF          what to compare with (required)",
  "  --level wire           changes that make old and new nodes misread or drop data or calls (default)",
  "  --level source         those, and changes that break code using the generated names",
  "  --format text|json     diagnostics on stderr (default), or one JSON report on stdout",
  "  --naming camel|schema  the generator's naming (renames that keep the generated name are no change)",
  "  --config FILE          the config file (default ./clusterc.json, if present)",
  "  -h, --help             print this help",
  "",
  "exit status: 0 nothing breaks, 1 something breaks or a schema does not compile, 2 usage error",
].join("\n");

/** The JSON report of `clusterc breaking --format json`. */
export interface BreakingJsonReport {
  readonly against: string;
  readonly level: "wire" | "source";
  /** The schema files compared (their paths relative to the working directory). */
  readonly files: readonly string[];
  /** Schema errors that stopped a file from being compared. */
  readonly errors: number;
  /** Breaking changes found. */
  readonly breaking: number;
  readonly diagnostics: readonly (JsonDiagnostic & { readonly level?: string; readonly directions?: readonly string[] })[];
}

/** One side's schemas compiled: models by key, and the diagnostics of files that did not compile. */
interface CompiledSide {
  readonly models: Map<string, SchemaModel>;
  readonly errors: Diagnostic[];
  /** Keys of the files that did not compile. */
  readonly failed: Set<string>;
}

async function compileSide(side: SchemaSide, naming: NamingStyle, sources: Map<string, string>): Promise<CompiledSide> {
  const { compileSchema } = await import("../compile.ts");
  const models = new Map<string, SchemaModel>();
  const errors: Diagnostic[] = [];
  const failed = new Set<string>();
  for (const [key, name] of side.files) {
    const text = await side.read(key);
    sources.set(name, text);
    const result = compileSchema(text, name, { naming });
    if (result.model !== undefined) models.set(key, result.model);
    else {
      errors.push(...result.diagnostics.filter((d) => d.severity === "error"));
      failed.add(key);
    }
  }
  return { models, errors, failed };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Runs `clusterc breaking` and returns the exit code. */
export async function run(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const parsed = parseOptions(args, {
    flags: ["--help"],
    values: ["--against", "--level", "--format", "--naming", "--config"],
    aliases: { "-h": "--help" },
  });
  if ("error" in parsed) return reportUsageError("breaking", io, parsed.error);
  if (parsed.flags.has("--help")) {
    io.out(`${BREAKING_USAGE}\n`);
    return EXIT_OK;
  }
  const levelFlag = oneOf("--level", parsed.values.get("--level"), ["wire", "source"] as const);
  const format = oneOf("--format", parsed.values.get("--format"), ["text", "json"] as const) ?? "text";
  const namingFlag = oneOf("--naming", parsed.values.get("--naming"), NAMING_STYLES);
  for (const v of [levelFlag, format, namingFlag]) if (typeof v === "object") return reportUsageError("breaking", io, v.error);
  const against = parsed.values.get("--against");
  if (against === undefined) return reportUsageError("breaking", io, "--against is required (a git ref, a folder or a file)");
  const loaded = await loadConfig(io, parsed.values.get("--config"));
  const level = (levelFlag as "wire" | "source" | undefined) ?? loaded?.config.breaking?.level ?? "wire";
  const naming = (namingFlag as NamingStyle | undefined) ?? loaded?.config.gen?.naming ?? "camel";
  let patterns = parsed.positional;
  if (patterns.length === 0) {
    const inputs = loaded?.config.inputs;
    if (loaded === undefined || inputs === undefined)
      throw usageError(
        "breaking",
        `no schema files given (${loaded === undefined ? "and no clusterc.json here" : `and '${loaded.file}' has no 'inputs'`})`,
      );
    patterns = inputs.map((p) => normalizePattern(relative(".", join(loaded.dir, p))));
  }

  const current = await workingTreeSide(patterns);
  const previous = await againstSide(against, patterns, current);
  const sources = new Map<string, string>();
  const neu = await compileSide(current, naming, sources);
  const old = await compileSide(previous, naming, sources);
  const errors = [...old.errors, ...neu.errors];
  // A file that does not compile on either side is not compared (nor reported as removed).
  const compared = (models: Map<string, SchemaModel>): Map<string, SchemaModel> =>
    new Map([...models].filter(([key]) => !old.failed.has(key) && !neu.failed.has(key)));
  const { findBreakingChanges, changeDiagnostic } = await import("../breaking/index.ts");
  const changes = findBreakingChanges(
    { old: compared(old.models), neu: compared(neu.models) },
    { level, naming, except: loaded?.config.breaking?.except ?? [] },
  );

  if (format === "json") {
    const report: BreakingJsonReport = {
      against,
      level,
      files: [...new Set([...current.files.keys(), ...previous.files.keys()])].sort(),
      errors: errors.length,
      breaking: changes.length,
      diagnostics: [
        ...errors.map(toJsonDiagnostic),
        ...changes.map((c) => ({ ...toJsonDiagnostic(changeDiagnostic(c)), level: c.level, directions: c.directions })),
      ],
    };
    io.out(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const d of [...errors, ...changes.map(changeDiagnostic)]) io.err(`${formatDiagnostic(d, sources.get(d.loc.file))}\n`);
    const files = plural(current.files.size, "file");
    const summary =
      changes.length === 0 ? `no breaking changes against ${against}` : `${plural(changes.length, "breaking change")} against ${against}`;
    const failures = errors.length === 0 ? "" : `, ${plural(errors.length, "schema error")}`;
    io.err(`clusterc breaking: ${summary} (${level} level, ${files}${failures})\n`);
  }
  return errors.length > 0 || changes.length > 0 ? EXIT_FAILURE : EXIT_OK;
}
