/**
 * The exported identifiers of a generated module, computed without generating it: per struct its
 * interface (and codec) name and tag constant, per service its descriptor, client, client
 * factory, handler and serve function. The generator claims names in this very order (structs
 * in `context.ts`, then services in `section-services.ts`, through {@link claimServiceNames}),
 * so these are the names it writes. Pure and light (no ts-morph, no prettier): the language
 * server uses it for hover and rename.
 */
import type { SchemaModel } from "../model/schema-model.ts";
import { computeStructNames, type StructNames } from "./context.ts";
import { createNameRegistry, type NameRegistry, pascalName } from "./names.ts";

/** The identifiers generated for one service. */
export interface ServiceNames {
  /** The descriptor const: `CalcService`. */
  readonly descriptor: string;
  /** The client interface: `CalcClient`. */
  readonly client: string;
  /** The client factory: `createCalcClient`. */
  readonly createClient: string;
  /** The handler interface a server implements: `CalcHandler`. */
  readonly handler: string;
  /** The function registering a handler on a node: `serveCalc`. */
  readonly serve: string;
}

/** Claims the identifiers of service `name` in `registry` (`calc` → `CalcService`, `CalcClient`, …). */
export function claimServiceNames(registry: NameRegistry, name: string): ServiceNames {
  const base = pascalName(name);
  return {
    descriptor: registry.claim(`${base}Service`),
    client: registry.claim(`${base}Client`),
    createClient: registry.claim(`create${base}Client`),
    handler: registry.claim(`${base}Handler`),
    serve: registry.claim(`serve${base}`),
  };
}

/** Every exported identifier of the module generated from one schema. */
export interface ExportedNames {
  /** By struct qualified name. */
  readonly structs: ReadonlyMap<string, StructNames>;
  /** By service name. */
  readonly services: ReadonlyMap<string, ServiceNames>;
}

/** The names `clusterc gen` gives the exports of `model`'s module. */
export function computeExportedNames(model: SchemaModel): ExportedNames {
  const registry = createNameRegistry();
  const structs = computeStructNames(model, registry);
  const services = new Map<string, ServiceNames>();
  for (const service of model.services) services.set(service.name, claimServiceNames(registry, service.name));
  return { structs, services };
}
