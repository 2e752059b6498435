/**
 * The exported identifiers of a generated module, computed without generating it: per struct its
 * interface (and codec) name and tag constant, per service its descriptor, client, client
 * factory, handler and serve function, and its errors' codes const, code type and guard. The generator claims names in this very order (structs
 * in `context.ts`, then services in `section-services.ts`, through {@link claimServiceNames}),
 * so these are the names it writes. It converts no name itself (`naming/ts-names.ts` does): it
 * only makes them unique. Pure and light (no ts-morph, no prettier): the language server uses
 * it for hover and rename.
 */
import type { SchemaModel, ServiceModel } from "../model/schema-model.ts";
import { computeStructNames, type StructNames } from "./context.ts";
import { type ServiceErrorShape, type ServiceExportNames, serviceExportNames } from "../naming/ts-names.ts";
import { createNameRegistry, type NameRegistry } from "./names.ts";

/** The identifiers generated for one service (made unique within the module). */
export type ServiceNames = ServiceExportNames;

/** What of `service` decides its error exports. */
export function serviceErrorShape(service: ServiceModel): ServiceErrorShape {
  return { declaresErrors: service.methods.some((m) => m.errors === true), listsCodes: service.errorCodes !== undefined };
}

/**
 * Claims the identifiers of `service` in `registry` (`calc` → `CalcService`, `CalcClient`, …, then
 * its errors' `BankErrors`, `BankErrorCode`, `isBankError`; `_2` when taken).
 */
export function claimServiceNames(registry: NameRegistry, service: ServiceModel): ServiceNames {
  const base = serviceExportNames(service.name, serviceErrorShape(service));
  const names = {
    descriptor: registry.claim(base.descriptor),
    client: registry.claim(base.client),
    createClient: registry.claim(base.createClient),
    handler: registry.claim(base.handler),
    serve: registry.claim(base.serve),
  };
  const errors = base.errors;
  if (errors === undefined) return names;
  const codes = errors.codes === undefined ? {} : { codes: registry.claim(errors.codes) };
  return { ...names, errors: { ...codes, codeType: registry.claim(errors.codeType), guard: registry.claim(errors.guard) } };
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
  for (const service of model.services) services.set(service.name, claimServiceNames(registry, service));
  return { structs, services };
}
