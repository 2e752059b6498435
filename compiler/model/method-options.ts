/**
 * The options a method or a service may carry (`[errors idempotent]`) and which methods end up
 * with each: shared by the option checks and by `model/build.ts`.
 */
import type { MethodNode, OptionListNode, ServiceNode } from "../syntax/ast.ts";

/** Every option name the schema language knows. */
export const METHOD_OPTIONS = ["errors", "idempotent"] as const;

/** One option name. */
export type MethodOption = (typeof METHOD_OPTIONS)[number];

/** True when `name` is a known option. */
export function isMethodOption(name: string): name is MethodOption {
  return (METHOD_OPTIONS as readonly string[]).includes(name);
}

function lists(list: OptionListNode | undefined, option: MethodOption): boolean {
  return list?.names.some((n) => n.text === option) ?? false;
}

/**
 * True when `method` of `service` has `option`: written on the method, or on the service for
 * every method with a response (one-way methods are never answered, so neither applies to them).
 */
export function methodHas(service: ServiceNode, method: MethodNode, option: MethodOption): boolean {
  if (method.response === undefined) return false;
  return lists(method.options, option) || lists(service.options, option);
}
