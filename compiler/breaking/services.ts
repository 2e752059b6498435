/**
 * Methods and services of one file in both versions, and how they correspond: a method is
 * its `cmd` on the wire (its request's protocol tag), so methods match by cmd across the
 * file; services match by name.
 */
import type { MethodModel, SchemaModel, ServiceModel } from "../model/schema-model.ts";
import type { FileComparison } from "./comparison.ts";
import type { BreakingContext } from "./rule.ts";

/** A method with the service that declares it. */
export interface ServedMethod {
  readonly service: ServiceModel;
  readonly method: MethodModel;
}

/** Every method of a file, by cmd (the first service wins; a cmd served twice is a schema error elsewhere). */
export function methodsByCmd(model: SchemaModel): Map<number, ServedMethod> {
  const out = new Map<number, ServedMethod>();
  for (const service of model.services) {
    for (const method of service.methods) if (!out.has(method.cmd)) out.set(method.cmd, { service, method });
  }
  return out;
}

/** The service of `model` named `name`, if any. */
export function serviceNamed(model: SchemaModel, name: string): ServiceModel | undefined {
  return model.services.find((s) => s.name === name);
}

/**
 * The new service that an old service became when its name is gone: the service that now
 * serves most of its cmds (and has no old service of its name), if any.
 */
export function renamedService(old: SchemaModel, neu: SchemaModel, service: ServiceModel): ServiceModel | undefined {
  const served = methodsByCmd(neu);
  const votes = new Map<ServiceModel, number>();
  for (const m of service.methods) {
    const s = served.get(m.cmd)?.service;
    if (s !== undefined && serviceNamed(old, s.name) === undefined) votes.set(s, (votes.get(s) ?? 0) + 1);
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** A method in both versions of a file: the same cmd. */
export interface MatchedMethod {
  readonly file: FileComparison;
  readonly cmd: number;
  readonly old: ServedMethod;
  readonly neu: ServedMethod;
}

/** Calls `fn` for every cmd served by both versions of a compared file. */
export function forEachMatchedMethod(ctx: BreakingContext, fn: (method: MatchedMethod) => void): void {
  for (const file of ctx.files) {
    const served = methodsByCmd(file.neu);
    for (const [cmd, old] of methodsByCmd(file.old)) {
      const neu = served.get(cmd);
      if (neu !== undefined) fn({ file, cmd, old, neu });
    }
  }
}
