/**
 * `@clusterc/runtime/prometheus`: the metrics hook of a node as prom-client metrics.
 *
 * Calls are counted in plain numbers by per-method recorders (a few additions per call: no
 * label hashing, no prom-client work on the call path) and handed to prom-client when the
 * registry is scraped, through `collect` callbacks and a histogram that reports the recorded
 * buckets. prom-client is an optional peer dependency of `@clusterc/runtime`: only this module
 * imports it.
 *
 * Metrics (prefix `clusterc_` by default; `side` is "client" or "server"):
 * - `calls_total{side,service,method,code}` counter: finished calls and requests by outcome
 *   (`ok`, a ClusterError code such as `timeout`, `encode`/`decode`, `error`, `abandoned`);
 * - `call_duration_seconds{side,service,method}` histogram;
 * - `calls_in_flight{side,service,method}` gauge;
 * - `bytes_total{direction}` counter (`in` read from sockets, `out` handed to them);
 * - `connections{origin}` gauge (open) and `connections_opened_total{origin}` counter;
 * - `reconnects_total{peer}` counter.
 */
import { Counter, Gauge, Histogram, register as defaultRegistry, type Registry } from "prom-client";
import type { CallOutcome, ClusterMetrics, MethodLabels, MethodMetrics } from "./metrics-hook.ts";

/** Options of {@link createPrometheusMetrics}. */
export interface PrometheusMetricsOptions {
  /** Where the metrics are registered; default prom-client's global `register`. */
  readonly registry?: Registry;
  /** Prefix of every metric name; default "clusterc_". */
  readonly prefix?: string;
  /** Upper bounds of the latency buckets in seconds, ascending; default 100 µs … 10 s. */
  readonly buckets?: readonly number[];
}

/** The hook, with the registry its metrics are in. */
export interface PrometheusMetrics extends ClusterMetrics {
  /** The registry the metrics were registered on. */
  readonly registry: Registry;
}

/** Default latency buckets in seconds. */
export const DEFAULT_LATENCY_BUCKETS: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

type MethodLabel = "side" | "service" | "method";

/** Counts one method on one side in plain numbers. */
class MethodRecorder implements MethodMetrics {
  readonly labels: Record<MethodLabel, string>;
  inFlight = 0;
  ok = 0;
  count = 0;
  sum = 0;
  /** Failed outcomes by name. */
  readonly failed = new Map<string, number>();
  /** Observations per bucket (not cumulative); the last slot counts those above every bound. */
  readonly buckets: number[];
  private readonly bounds: Float64Array;

  constructor(labels: MethodLabels, bounds: readonly number[]) {
    this.labels = { side: labels.side, service: labels.service, method: labels.method };
    this.bounds = Float64Array.from(bounds);
    this.buckets = new Array<number>(bounds.length + 1).fill(0);
  }

  started(): void {
    this.inFlight++;
  }

  finished(outcome: CallOutcome, seconds: number): void {
    this.inFlight--;
    this.count++;
    this.sum += seconds;
    const bounds = this.bounds;
    const n = bounds.length;
    let i = 0;
    while (i < n && seconds > (bounds[i] as number)) i++;
    const buckets = this.buckets;
    buckets[i] = (buckets[i] as number) + 1;
    if (outcome === "ok") this.ok++;
    else this.failed.set(outcome, (this.failed.get(outcome) ?? 0) + 1);
  }
}

type HistogramSnapshot = Awaited<ReturnType<Histogram<MethodLabel>["get"]>>;

/** A prom-client histogram whose values are the recorders' buckets, read when scraped. */
class RecordedHistogram extends Histogram<MethodLabel> {
  private readonly metricName: string;
  private readonly metricHelp: string;
  private readonly bounds: readonly number[];
  private readonly recorders: () => Iterable<MethodRecorder>;

  constructor(registry: Registry, name: string, help: string, bounds: readonly number[], recorders: () => Iterable<MethodRecorder>) {
    super({ name, help, labelNames: ["side", "service", "method"], buckets: [...bounds], registers: [registry] });
    this.metricName = name;
    this.metricHelp = help;
    this.bounds = bounds;
    this.recorders = recorders;
  }

  override async get(): Promise<HistogramSnapshot> {
    const name = this.metricName;
    const values: HistogramSnapshot["values"] = [];
    for (const r of this.recorders()) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += r.buckets[i] as number;
        values.push({ labels: { ...r.labels, le } as never, value: cumulative, metricName: `${name}_bucket` });
      });
      values.push({ labels: { ...r.labels, le: "+Inf" } as never, value: r.count, metricName: `${name}_bucket` });
      values.push({ labels: { ...r.labels }, value: r.sum, metricName: `${name}_sum` });
      values.push({ labels: { ...r.labels }, value: r.count, metricName: `${name}_count` });
    }
    return {
      name,
      help: this.metricHelp,
      type: "histogram" as unknown as HistogramSnapshot["type"],
      values,
      aggregator: "sum",
      collect: () => undefined,
    };
  }

  /** What prom-client's registry renders as text (the same values as {@link get}). */
  getForPromString(): Promise<HistogramSnapshot> {
    return this.get();
  }
}

function checkBuckets(buckets: readonly number[]): readonly number[] {
  if (!Array.isArray(buckets) || buckets.length === 0) throw new TypeError("buckets must be a non-empty array of numbers");
  buckets.forEach((b, i) => {
    if (typeof b !== "number" || !Number.isFinite(b) || (i > 0 && b <= (buckets[i - 1] as number))) {
      throw new TypeError("buckets must be finite numbers in ascending order");
    }
  });
  return Object.freeze([...buckets]);
}

/**
 * Creates a metrics hook for `createCluster({ metrics })` that registers its metrics on
 * `options.registry` (one hook per registry and prefix; several nodes may share it, their counts
 * add up). Throws when a metric of the same name is already registered there.
 */
export function createPrometheusMetrics(options: PrometheusMetricsOptions = {}): PrometheusMetrics {
  const registry = options.registry ?? defaultRegistry;
  const prefix = options.prefix ?? "clusterc_";
  const bounds = checkBuckets(options.buckets ?? DEFAULT_LATENCY_BUCKETS);
  const recorders = new Map<string, MethodRecorder>();
  const bytes = { in: 0, out: 0 };
  const open = { connect: 0, accept: 0 };
  const opened = { connect: 0, accept: 0 };
  const reconnects = new Map<string, number>();
  const rows = (): Iterable<MethodRecorder> => recorders.values();

  new Counter<MethodLabel | "code">({
    name: `${prefix}calls_total`,
    help: "Finished calls (client) and handled requests (server) by outcome code",
    labelNames: ["side", "service", "method", "code"],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of rows()) {
        if (r.ok > 0) this.inc({ ...r.labels, code: "ok" }, r.ok);
        for (const [code, n] of r.failed) this.inc({ ...r.labels, code }, n);
      }
    },
  });
  new RecordedHistogram(registry, `${prefix}call_duration_seconds`, "Call and request latency in seconds", bounds, rows);
  new Gauge<MethodLabel>({
    name: `${prefix}calls_in_flight`,
    help: "Calls (client) and requests (server) in flight",
    labelNames: ["side", "service", "method"],
    registers: [registry],
    collect() {
      for (const r of rows()) this.set(r.labels, r.inFlight);
    },
  });
  new Counter<"direction">({
    name: `${prefix}bytes_total`,
    help: "Bytes read from sockets (in) and handed to them (out)",
    labelNames: ["direction"],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ direction: "in" }, bytes.in);
      this.inc({ direction: "out" }, bytes.out);
    },
  });
  new Gauge<"origin">({
    name: `${prefix}connections`,
    help: "Open connections by origin (connect: dialed by this node, accept: accepted)",
    labelNames: ["origin"],
    registers: [registry],
    collect() {
      this.set({ origin: "connect" }, open.connect);
      this.set({ origin: "accept" }, open.accept);
    },
  });
  new Counter<"origin">({
    name: `${prefix}connections_opened_total`,
    help: "Connections opened by origin",
    labelNames: ["origin"],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ origin: "connect" }, opened.connect);
      this.inc({ origin: "accept" }, opened.accept);
    },
  });
  new Counter<"peer">({
    name: `${prefix}reconnects_total`,
    help: "Reconnections of peers from connect() after a lost connection",
    labelNames: ["peer"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [peer, n] of reconnects) this.inc({ peer }, n);
    },
  });

  return {
    registry,
    method(labels) {
      const key = `${labels.side}\u0000${labels.service}\u0000${labels.method}`;
      let r = recorders.get(key);
      if (r === undefined) {
        r = new MethodRecorder(labels, bounds);
        recorders.set(key, r);
      }
      return r;
    },
    bytes(direction, count) {
      bytes[direction] += count;
    },
    connectionOpened(origin) {
      open[origin]++;
      opened[origin]++;
    },
    connectionClosed(origin) {
      open[origin]--;
    },
    reconnected(peer) {
      reconnects.set(peer, (reconnects.get(peer) ?? 0) + 1);
    },
  };
}
