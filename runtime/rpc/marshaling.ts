/**
 * silly-style `marshal`/`unmarshal` derived from service descriptors, for code that uses
 * the untyped `node.call(peer, "add", { a: 1, b: 2 })` API: request cmd ↔ request struct,
 * and the response struct chosen by the method — the mapping silly users hand-write.
 */
import type { ClusterOptions, MarshalType } from "../node/cluster-options.ts";
import type { MethodDescriptor, ServiceDescriptor } from "../call/descriptor.ts";

/** The pair of functions to spread into `createCluster({ ...marshaling })`. */
export type Marshaling = Required<Pick<ClusterOptions, "marshal" | "unmarshal">>;

function unknownCmd(type: MarshalType, cmd: number | string): Error {
  return new TypeError(`no method for ${type} cmd ${typeof cmd === "number" ? `0x${cmd.toString(16)}` : `'${cmd}'`}`);
}

/**
 * Builds marshal/unmarshal for every method of `services`. `cmd` may be the method name
 * or its number. A response to a one-way method, or an unknown cmd, throws.
 */
export function createMarshaling(...services: readonly ServiceDescriptor[]): Marshaling {
  const byCmd = new Map<number, MethodDescriptor>();
  const byName = new Map<string, MethodDescriptor>();
  for (const service of services) {
    for (const method of Object.values(service.methods)) {
      byCmd.set(method.cmd, method);
      byName.set(method.name, method);
    }
  }
  const find = (type: MarshalType, cmd: number | string): MethodDescriptor => {
    const method = typeof cmd === "number" ? byCmd.get(cmd) : byName.get(cmd);
    if (method === undefined) throw unknownCmd(type, cmd);
    return method;
  };
  const codecFor = (type: MarshalType, method: MethodDescriptor) => {
    if (type === "request") return method.request;
    if (method.response === undefined) throw new TypeError(`method '${method.name}' is one-way and has no response`);
    return method.response;
  };
  return {
    marshal(type, cmd, body) {
      const method = find(type, cmd);
      return [method.cmd, codecFor(type, method).encodePacked(body as never)] as const;
    },
    unmarshal(type, cmd, bytes) {
      return codecFor(type, find(type, cmd)).decodePacked(bytes);
    },
  };
}
