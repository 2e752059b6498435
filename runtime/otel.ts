/// <reference types="node" preserve="true" />
/**
 * `@clusterc/runtime/otel`: the OpenTelemetry bridge, an interceptor that makes a span per call
 * and per handled request carrying the silly trace id. It imports `@opentelemetry/api`, an
 * optional peer dependency of `@clusterc/runtime`: install it to use this entry.
 */
export {
  createOtelInterceptor,
  formatTraceId,
  hopSpanContext,
  TRACE_ID_ATTRIBUTE,
  type OtelInterceptorOptions,
} from "./observability/otel-bridge.ts";
