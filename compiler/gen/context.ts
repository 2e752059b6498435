/**
 * What every generator section sees: the schema model, the resolved options, the output
 * file facade and the names chosen for each struct. Sections are functions of a context.
 */
import type { SourceLocation } from "../diagnostics/source-location.ts";
import type { FieldModel, SchemaModel, StructModel } from "../model/schema-model.ts";
import type { GeneratedFile } from "./generated-file.ts";
import {
  createNameRegistry,
  DEFAULT_NAMING,
  GenerateError,
  memberName,
  structTypeName,
  tagConstName,
  type NameRegistry,
  type NamingStyle,
} from "./names.ts";

/** Options of `generateModule` (and `clusterc gen`). */
export interface GenerateOptions {
  /** Representation of int64/uint64: `bigint` (default) or `number` (range-checked). */
  readonly int64?: "bigint" | "number";
  /** Extension for relative imports written by sections: `.js`, `.ts` or `none` (default `.ts`). */
  readonly importExtension?: ".js" | ".ts" | "none";
  /** Module specifier of the runtime (default `@clusterc/runtime/codegen-v1`). */
  readonly runtimeImport?: string;
  /**
   * Schema path printed in the header and doc comments (default: `model.file`). Should be
   * relative with forward slashes, so output does not depend on the machine.
   */
  readonly schemaPath?: string;
  /**
   * How fields and methods are named: `camel` (default: `delayMs`, `slowAdd`) or `schema`
   * (as written: `delay_ms`, `slow_add`). Types are PascalCase either way; descriptors keep
   * the schema's names (`naming/ts-names.ts`).
   */
  readonly naming?: NamingStyle;
  /** Sections to run, in order (default {@link DEFAULT_SECTIONS} of `generate.ts`). */
  readonly sections?: readonly GenSection[];
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  readonly int64: "bigint" | "number";
  readonly importExtension: ".js" | ".ts" | "none";
  readonly runtimeImport: string;
  readonly schemaPath: string;
  readonly naming: NamingStyle;
}

/** The identifiers chosen for one struct. */
export interface StructNames {
  /** Interface (and, for top-level structs, codec const) name: `Packet_Phone`. */
  readonly type: string;
  /** Internal encode function: `$encodePacket_Phone`. */
  readonly encode: string;
  /** Internal decode function. */
  readonly decode: string;
  /** Tag constant name (`ADD_TAG`), for top-level structs with a protocol tag. */
  readonly tagConst?: string;
}

/** A generator section: adds declarations for one concern (types, codecs, services, …). */
export interface GenSection {
  readonly name: string;
  emit(ctx: GenContext): void;
}

/** The state shared by the sections of one generated module. */
export interface GenContext {
  readonly model: SchemaModel;
  readonly options: ResolvedOptions;
  readonly file: GeneratedFile;
  /** Module-level identifier registry (claim new top-level names here). */
  readonly registry: NameRegistry;
  /** The struct with this qualified name. */
  struct(qualifiedName: string): StructModel;
  /** The names chosen for a struct. */
  names(qualifiedName: string): StructNames;
  /** The generated name of a field or method (the naming option applied): `delay_ms` → `delayMs`. */
  member(schemaName: string): string;
  /** `schemas/calc.zp:3` for a location. */
  where(loc: SourceLocation): string;
  /** Applies the import-extension option to a relative module path without extension. */
  withExtension(modulePath: string): string;
}

/** Options of {@link createGenContext}. */
export interface GenContextInit {
  readonly model: SchemaModel;
  readonly options: ResolvedOptions;
  readonly file: GeneratedFile;
}

/** Resolves option defaults. */
export function resolveOptions(model: SchemaModel, options: GenerateOptions): ResolvedOptions {
  return {
    int64: options.int64 ?? "bigint",
    importExtension: options.importExtension ?? ".ts",
    runtimeImport: options.runtimeImport ?? "@clusterc/runtime/codegen-v1",
    schemaPath: (options.schemaPath ?? model.file).replace(/\\/g, "/"),
    naming: options.naming ?? DEFAULT_NAMING,
  };
}

function checkField(s: StructModel, f: FieldModel, naming: NamingStyle): void {
  if (memberName(f.name, naming) === "__proto__") {
    throw new GenerateError(`struct '${s.qualifiedName}': a field named '__proto__' cannot be generated`);
  }
}

/**
 * Claims a type name (and tag constant) for every struct, in model order, so the names are
 * deterministic; the codec of top-level struct `add` is exported as `names.get("add").type`.
 */
export function computeStructNames(
  model: SchemaModel,
  registry: NameRegistry = createNameRegistry(),
  naming: NamingStyle = DEFAULT_NAMING,
): Map<string, StructNames> {
  const names = new Map<string, StructNames>();
  for (const s of model.structs) {
    for (const f of s.fields) checkField(s, f, naming);
    const type = registry.claim(structTypeName(s.qualifiedName));
    const tagConst = s.parent === undefined && s.protocolTag !== 0 ? registry.claim(tagConstName(s.qualifiedName)) : undefined;
    names.set(s.qualifiedName, {
      type,
      encode: `$encode${type}`,
      decode: `$decode${type}`,
      ...(tagConst !== undefined ? { tagConst } : {}),
    });
  }
  return names;
}

/** Builds the context of one generated module. */
export function createGenContext(init: GenContextInit): GenContext {
  const { model, options, file } = init;
  const registry = createNameRegistry();
  const names = computeStructNames(model, registry, options.naming);
  const byName = new Map<string, StructModel>(model.structs.map((s) => [s.qualifiedName, s]));
  return {
    model,
    options,
    file,
    registry,
    struct(qn) {
      const s = byName.get(qn);
      if (s === undefined) throw new GenerateError(`unknown struct '${qn}' in the schema model`);
      return s;
    },
    names(qn) {
      const n = names.get(qn);
      if (n === undefined) throw new GenerateError(`unknown struct '${qn}' in the schema model`);
      return n;
    },
    member(schemaName) {
      return memberName(schemaName, options.naming);
    },
    where(loc) {
      return `${options.schemaPath}:${loc.line}`;
    },
    withExtension(modulePath) {
      return options.importExtension === "none" ? modulePath : modulePath + options.importExtension;
    },
  };
}
