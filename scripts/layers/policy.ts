/**
 * This repository's layering policy: the runtime's optional peer dependencies and the one file
 * (a package entry of its own) allowed to import each.
 */
import type { LayerPolicy } from "./rules.ts";

/** The policy checked by `npm run lint` and test/packages/layers.test.ts. */
export const LAYER_POLICY: LayerPolicy = {
  optionalPeers: {
    etcd3: ["runtime/discovery/etcd-registry.ts"],
    "prom-client": ["runtime/metrics/prometheus.ts"],
    "@opentelemetry/api": ["runtime/otel/bridge.ts"],
  },
};
