/**
 * clusterc runtime: the single entry point that generated code and applications import
 * (`clusterc/runtime`). It re-exports the zproto codec primitives and the cluster node.
 */
export * from "./zproto/index.ts";
export * from "./cluster-api.ts";
export * from "./rpc/index.ts";
