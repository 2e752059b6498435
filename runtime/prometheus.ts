/// <reference types="node" preserve="true" />
/**
 * `@clusterc/runtime/prometheus`: a ready {@link ClusterMetrics} hook that records into
 * prom-client counters, histograms and gauges. It imports `prom-client`, an optional peer
 * dependency of `@clusterc/runtime`: install it (`npm install prom-client`) to use this entry.
 */
export {
  createPrometheusMetrics,
  DEFAULT_LATENCY_BUCKETS,
  type PrometheusMetrics,
  type PrometheusMetricsOptions,
} from "./observability/prometheus.ts";
export type { ClusterMetrics } from "./observability/metrics-hook.ts";
