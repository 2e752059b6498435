/**
 * The TypeScript names `clusterc gen` gives what a schema declares, for hover and rename, in the
 * document's naming style. When the schema compiles, type and export names are exactly the
 * generator's (`gen/exported-names.ts`, collision suffixes included); while it has errors, they
 * are the names before any collision suffix. A service's error exports (`BankErrors`,
 * `BankErrorCode`, `isBankError`) are among them, claimed in the same computation as the rest. Every name is converted by `naming/ts-names.ts`,
 * the one module that does it; no code is generated.
 */
import type { SchemaAnalysis } from "../compile.ts";
import type { StructInfo } from "../model/resolve.ts";
import type { StructNames } from "../gen/context.ts";
import { computeExportedNames, type ExportedNames } from "../gen/exported-names.ts";
import {
  memberName,
  type NamingStyle,
  type ServiceErrorShape,
  type ServiceExportNames,
  serviceExportNames,
  structTypeName,
  tagConstName,
} from "../naming/ts-names.ts";
import { numberValue } from "../syntax/number-literal.ts";
import { methodHas } from "../model/method-options.ts";

/** The error shape of service `name` read from the AST (while the schema does not compile). */
function errorShapeOf(analysis: SchemaAnalysis, name: string): ServiceErrorShape | undefined {
  for (const item of analysis.ast.items) {
    if (item.kind !== "service" || item.name.text !== name) continue;
    return { declaresErrors: item.methods.some((m) => methodHas(item, m, "errors")), listsCodes: item.errorLists.length > 0 };
  }
  return undefined;
}

/** The generated names of one schema's structs, services, fields and methods. */
export interface GeneratedNames {
  /** Interface (and, top-level, codec) name and tag constant of a struct. */
  struct(info: StructInfo): Pick<StructNames, "type" | "tagConst">;
  /** Descriptor, client, handler, … of a service. */
  service(name: string): ServiceExportNames;
  /** The property of a field, or the client and handler method of a request, named `schemaName` in the schema. */
  member(schemaName: string): string;
}

const computed = new WeakMap<SchemaAnalysis, { readonly naming: NamingStyle; readonly names: GeneratedNames }>();

/** The generated names of an analysed schema in naming style `naming` (computed once per analysis). */
export function generatedNamesOf(analysis: SchemaAnalysis, naming: NamingStyle): GeneratedNames {
  let entry = computed.get(analysis);
  if (entry?.naming !== naming) {
    entry = { naming, names: computeNames(analysis, naming) };
    computed.set(analysis, entry);
  }
  return entry.names;
}

function computeNames(analysis: SchemaAnalysis, naming: NamingStyle): GeneratedNames {
  const exact: ExportedNames | undefined = analysis.model === undefined ? undefined : computeExportedNames(analysis.model);
  return {
    struct(info) {
      const known = exact?.structs.get(info.qualifiedName);
      if (known !== undefined) return known;
      const tag = info.node.protocolTag === undefined ? undefined : numberValue(info.node.protocolTag.text);
      const tagged = info.parent === undefined && tag !== undefined && tag !== 0;
      return { type: structTypeName(info.qualifiedName), ...(tagged ? { tagConst: tagConstName(info.qualifiedName) } : {}) };
    },
    service(name) {
      return exact?.services.get(name) ?? serviceExportNames(name, errorShapeOf(analysis, name));
    },
    member(schemaName) {
      return memberName(schemaName, naming);
    },
  };
}
