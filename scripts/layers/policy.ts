/**
 * This repository's layering policy, stated once: the runtime's layers in order, its package
 * entries, and its optional peer dependencies with the one file (a package entry of its own)
 * allowed to import each.
 */
import { RUNTIME_ENTRIES } from "./import-graph.ts";
import type { LayerPolicy } from "./rules.ts";

/**
 * The runtime's folders, lowest layer first. A folder imports only from itself and the folders
 * before it (types included); the package entries at the top level import from any.
 */
export const RUNTIME_FOLDERS = [
  "zproto", // the codec: encode, decode, pack; no sockets, nothing else of the runtime
  "core", // errors, bytes, addresses, logger, deadlines and the timer wheel, trace ids, backoff
  "wire", // silly's two framings: frames, the framer, the incremental decoder, wire-mismatch sniffing
  "transport", // TCP and TLS transports, ending a socket
  "connection", // a connection, its sessions, peers, listeners, limits
  "call", // one call or request: options, handler context, method descriptors, interceptors
  "observability", // the metrics hook and its clock, metered calls, the prometheus and OpenTelemetry adapters
  "discovery", // registries (static, etcd), service targets, balancing, the hash ring, member links
  "node", // the cluster node: ClusterNode, options, dispatch, instrumentation, the encoded call path, drain
  "rpc", // the typed layer that generated code drives: clients, servers, marshaling
] as const;

/**
 * The `compiler/gen/` modules the language server (`compiler/lsp/`, `compiler/cli/lsp.ts`) may
 * load: the generator's pure naming, for hover and rename, and the version. Nothing that
 * generates, formats or loads ts-morph or prettier.
 */
export const LSP_GEN_MODULES = [
  "compiler/gen/names.ts",
  "compiler/gen/context.ts",
  "compiler/gen/exported-names.ts",
  "compiler/gen/field-types.ts",
  "compiler/gen/version.ts",
] as const;

/** The policy checked by `npm run lint` and test/packages/layers.test.ts. */
export const LAYER_POLICY: LayerPolicy = {
  optionalPeers: {
    etcd3: ["runtime/discovery/etcd-registry.ts", "runtime/discovery/etcd-service-watch.ts"],
    "prom-client": ["runtime/observability/prometheus.ts"],
    "@opentelemetry/api": ["runtime/observability/otel-bridge.ts"],
  },
  runtimeFolders: RUNTIME_FOLDERS,
  // `clusterc call` is the one command that talks to running nodes (by address, or found in etcd).
  compilerNodeEntries: { "compiler/cli/call.ts": ["@clusterc/runtime", "@clusterc/runtime/etcd"] },
  runtimeEntries: Object.values(RUNTIME_ENTRIES).filter((f) => f.split("/").length === 2),
  lspGenModules: LSP_GEN_MODULES,
};
