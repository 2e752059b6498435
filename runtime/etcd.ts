/// <reference types="node" preserve="true" />
/**
 * `@clusterc/runtime/etcd`: the service registry on etcd v3. It imports the `etcd3` package,
 * an optional peer dependency of `@clusterc/runtime`: install it (`npm install etcd3`) to use
 * this entry; apps that do not import it never load it.
 */
export { createEtcdRegistry, type EtcdRegistryOptions } from "./discovery/etcd-registry.ts";
