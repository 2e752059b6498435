/**
 * The metrics hook over real sockets — per-method calls by outcome, latency, in-flight, bytes,
 * connections and reconnects on both sides — and its prom-client adapter, scraped as text.
 */
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { CalcService, type Sum } from "../../../generated/calc.ts";
import type { ClusterMetrics, MethodLabels, MethodMetrics } from "../../../runtime/observability/metrics-hook.ts";
import { MetricsClock } from "../../../runtime/observability/metrics-clock.ts";
import { createPrometheusMetrics } from "../../../runtime/observability/prometheus.ts";
import { createServiceClient } from "../../../runtime/rpc/client.ts";
import { serveService } from "../../../runtime/rpc/server.ts";
import { calcImpl, calcPair, closeAll, node, rejection } from "../fixtures/calc-pair.ts";
import { waitFor } from "../helpers.ts";

afterEach(closeAll);

interface Row {
  readonly labels: MethodLabels;
  started: number;
  inFlight: number;
  readonly outcomes: Record<string, number>;
  readonly seconds: number[];
}

/** A hook that records everything in plain objects. */
function recordingMetrics(): ClusterMetrics & {
  readonly rows: Map<string, Row>;
  readonly traffic: { in: number; out: number };
  readonly events: string[];
  row(side: string, method: string): Row | undefined;
} {
  const rows = new Map<string, Row>();
  const traffic = { in: 0, out: 0 };
  const events: string[] = [];
  return {
    rows,
    traffic,
    events,
    row: (side, method) => [...rows.values()].find((r) => r.labels.side === side && r.labels.method === method),
    method(labels) {
      const key = `${labels.side}/${labels.service}/${labels.method}`;
      let row = rows.get(key);
      if (row === undefined) {
        row = { labels, started: 0, inFlight: 0, outcomes: {}, seconds: [] };
        rows.set(key, row);
      }
      const r = row;
      return {
        started: () => {
          r.started++;
          r.inFlight++;
        },
        finished: (outcome, seconds) => {
          r.inFlight--;
          r.outcomes[outcome] = (r.outcomes[outcome] ?? 0) + 1;
          r.seconds.push(seconds);
        },
      };
    },
    bytes(direction, count) {
      traffic[direction] += count;
    },
    connectionOpened: (origin) => void events.push(`open:${origin}`),
    connectionClosed: (origin) => void events.push(`close:${origin}`),
    reconnected: (peer) => void events.push(`reconnect:${peer}`),
  };
}

describe("metrics hook", () => {
  it("counts typed calls and requests per method and outcome on both sides, with latency and in-flight", async () => {
    const clientMetrics = recordingMetrics();
    const serverMetrics = recordingMetrics();
    const pair = await calcPair({
      client: { metrics: clientMetrics },
      server: { metrics: serverMetrics, handlerTimeout: 100 },
      impl: {
        add: (req) => {
          if (req.a === -1) throw new Error("refused");
          return { result: (req.a ?? 0) + (req.b ?? 0) };
        },
        // delayMs -1: never answers (abandoned after the handler timeout).
        slowAdd: (req) =>
          req.delayMs === -1
            ? new Promise<Sum>(() => undefined)
            : new Promise((resolve) => setTimeout(() => resolve({ result: 0 }), req.delayMs ?? 0)),
      },
    });
    const calc = createServiceClient(pair.client, pair.peer, CalcService);
    for (let i = 0; i < 5; i++) await calc.add({ a: i, b: 1 });
    await calc.slowAdd({ delayMs: 20 });
    expect(((await rejection(calc.add({ a: -1 }, { timeout: 100 }))) as { code?: string }).code).toBe("timeout");
    expect(((await rejection(calc.slowAdd({ delayMs: -1 }, { timeout: 400 }))) as { code?: string }).code).toBe("timeout");
    expect(await rejection(calc.add({ a: "x" as never }))).toMatchObject({ name: "EncodeError" });
    await calc.notify({ message: "hi" });
    await waitFor(() => (serverMetrics.row("server", "notify")?.outcomes["ok"] ?? 0) === 1, 5000, "the notify to be handled");

    const cAdd = clientMetrics.row("client", "add");
    expect(cAdd?.labels).toEqual({ side: "client", service: "calc", method: "add", cmd: CalcService.methods.add.cmd });
    expect(cAdd?.outcomes).toEqual({ ok: 5, timeout: 1, encode: 1 });
    expect(clientMetrics.row("client", "slow_add")?.outcomes).toEqual({ ok: 1, timeout: 1 });
    expect(clientMetrics.row("client", "notify")?.outcomes).toEqual({ ok: 1 });
    expect(serverMetrics.row("server", "add")?.outcomes).toEqual({ ok: 5, error: 1 });
    expect(serverMetrics.row("server", "slow_add")?.outcomes).toEqual({ ok: 1 });
    for (const m of [clientMetrics, serverMetrics]) for (const r of m.rows.values()) expect(r.seconds.every((s) => s >= 0)).toBe(true);
    // The slow call took at least its 20 ms on both sides.
    expect(Math.max(...(clientMetrics.row("client", "slow_add")?.seconds ?? []))).toBeGreaterThanOrEqual(0.019);
    // The abandoned request is still in flight (its handler never settles); everything else is done.
    expect(serverMetrics.row("server", "slow_add")?.inFlight).toBe(1);
    expect(serverMetrics.row("server", "add")?.inFlight).toBe(0);
    for (const r of clientMetrics.rows.values()) expect(r.inFlight).toBe(0);
    expect(clientMetrics.traffic.out).toBeGreaterThan(0);
    expect(clientMetrics.traffic.in).toBeGreaterThan(0);
    await waitFor(() => serverMetrics.traffic.in === clientMetrics.traffic.out, 5000, "the server to read every byte");
    expect(serverMetrics.traffic.out).toBe(clientMetrics.traffic.in);
  });

  it("records `abandoned` for a handler that settles after its handler timeout", async () => {
    const serverMetrics = recordingMetrics();
    let release!: () => void;
    const pair = await calcPair({
      server: { metrics: serverMetrics, handlerTimeout: 50 },
      impl: { slowAdd: () => new Promise<Sum>((resolve) => (release = () => resolve({ result: 1 }))) },
    });
    const call = rejection(createServiceClient(pair.client, pair.peer, CalcService).slowAdd({}, { timeout: 300 }));
    await waitFor(() => pair.server.log.lines.some((l) => l.message.startsWith("handler timed out")), 5000, "the abandon");
    release();
    await waitFor(() => serverMetrics.row("server", "slow_add")?.outcomes["abandoned"] === 1, 5000, "the abandoned outcome");
    expect(serverMetrics.row("server", "slow_add")?.inFlight).toBe(0);
    await call;
  });

  it("records a call made while connecting once, and one refused before sending (connect failed)", async () => {
    const clientMetrics = recordingMetrics();
    const server = node();
    serveService(server, CalcService, calcImpl());
    const listener = await server.listen("127.0.0.1:0");
    const client = node({ metrics: clientMetrics, connectMode: "lazy" });
    const peer = await client.connect(`127.0.0.1:${listener.address.port}`);
    expect(peer.connected).toBe(false);
    const calc = createServiceClient(client, peer, CalcService);
    await expect(calc.add({ a: 1, b: 1 })).resolves.toEqual({ result: 2 });
    await server.shutdown();
    await waitFor(() => !peer.connected, 5000, "the client to see the close");
    expect(((await rejection(calc.add({}, { timeout: 2000 }))) as { code?: string }).code).toBe("connect-failed");
    expect(clientMetrics.row("client", "add")).toMatchObject({ started: 2, inFlight: 0, outcomes: { ok: 1, "connect-failed": 1 } });
  });

  it("labels raw calls and handlers by cmd", async () => {
    const clientMetrics = recordingMetrics();
    const serverMetrics = recordingMetrics();
    const server = node({ metrics: serverMetrics });
    server.handle(0x42, (body) => body);
    const listener = await server.listen("127.0.0.1:0");
    const client = node({ metrics: clientMetrics });
    const peer = await client.connect(`127.0.0.1:${listener.address.port}`);
    await client.callRaw(peer, 0x42, Uint8Array.of(1));
    await client.callRaw(peer, 0x42, Uint8Array.of(2));
    expect(clientMetrics.row("client", "cmd:66")).toMatchObject({ labels: { service: "", cmd: 66 }, outcomes: { ok: 2 } });
    expect(serverMetrics.row("server", "cmd:66")).toMatchObject({ labels: { service: "", cmd: 66 }, outcomes: { ok: 2 } });
  });

  it("reports connections opened and closed on both sides, and a reconnect after the server came back", async () => {
    const clientMetrics = recordingMetrics();
    const serverMetrics = recordingMetrics();
    const first = node({ metrics: serverMetrics });
    serveService(first, CalcService, calcImpl());
    const listener = await first.listen("127.0.0.1:0");
    const port = listener.address.port;
    const client = node({ metrics: clientMetrics, reconnect: { initialDelay: 10, maxDelay: 50 } });
    const peer = await client.connect(`127.0.0.1:${port}`);
    const calc = createServiceClient(client, peer, CalcService);
    await calc.add({ a: 1 });
    await first.shutdown();
    await waitFor(() => !peer.connected, 5000, "the client to see the close");
    const second = node({ metrics: serverMetrics });
    serveService(second, CalcService, calcImpl());
    await second.listen(`127.0.0.1:${port}`);
    await expect(calc.add({ a: 2 })).resolves.toEqual({ result: 2 });
    expect(clientMetrics.events).toEqual(["open:connect", "close:connect", "open:connect", `reconnect:127.0.0.1:${port}`]);
    await client.shutdown();
    await waitFor(() => serverMetrics.events.length === 4, 5000, "the server to see both closes");
    expect(serverMetrics.events).toEqual(["open:accept", "close:accept", "open:accept", "close:accept"]);
  });
});

describe("MetricsClock", () => {
  it("finishes synchronous answers once, when bytes are next written or a chunk arrives, never before their start", () => {
    const done: Array<[string, number]> = [];
    const m: MethodMetrics = { started: () => undefined, finished: (outcome, seconds) => void done.push([outcome, seconds]) };
    const clock = new MetricsClock();
    clock.chunk();
    const start = clock.at;
    expect(start).toBeGreaterThan(0);
    clock.answered(m, start);
    clock.answered(m, start);
    expect(done).toEqual([]);
    clock.wrote();
    expect(done.map(([o]) => o)).toEqual(["ok", "ok"]);
    expect(done.every(([, s]) => s >= 0)).toBe(true);
    clock.wrote();
    expect(done).toHaveLength(2);
    // A start later than the settling read (cannot happen in a node) still gives no negative time.
    clock.answered(m, start + 1e9);
    clock.chunk();
    expect(done).toHaveLength(3);
    expect(done[2]?.[1]).toBe(0);
    // Calls get their start when the tick's frames are written, once.
    const calls = [{ start: -1 }, { start: -1 }];
    for (const c of calls) clock.sending(c);
    expect(calls.map((c) => c.start)).toEqual([-1, -1]);
    clock.wrote();
    expect(calls[0]?.start).toBeGreaterThanOrEqual(start);
    expect(calls[1]?.start).toBe(calls[0]?.start);
    const first = calls[0]?.start;
    clock.wrote();
    expect(calls[0]?.start).toBe(first);
  });
});

describe("prom-client adapter", () => {
  it("exposes calls, latency, in-flight, bytes, connections and reconnects in the text format", async () => {
    const registry = new Registry();
    const metrics = createPrometheusMetrics({ registry, buckets: [0.001, 0.01, 0.1, 1] });
    const pair = await calcPair({
      client: { metrics },
      server: { metrics },
      impl: {
        add: (req) => {
          if (req.a === -1) throw new Error("refused");
          return { result: 1 };
        },
      },
    });
    const calc = createServiceClient(pair.client, pair.peer, CalcService);
    for (let i = 0; i < 7; i++) await calc.add({ a: i });
    await rejection(calc.add({ a: -1 }, { timeout: 100 }));
    const text = await registry.metrics();
    const value = (line: string): number => {
      const found = text.split("\n").find((l) => l.startsWith(`${line} `));
      if (found === undefined) throw new Error(`no line ${line} in:\n${text}`);
      return Number(found.slice(line.length + 1));
    };
    const client = 'side="client",service="calc",method="add"';
    const server = 'side="server",service="calc",method="add"';
    expect(value(`clusterc_calls_total{${client},code="ok"}`)).toBe(7);
    expect(value(`clusterc_calls_total{${client},code="timeout"}`)).toBe(1);
    expect(value(`clusterc_calls_total{${server},code="ok"}`)).toBe(7);
    expect(value(`clusterc_calls_total{${server},code="error"}`)).toBe(1);
    expect(value(`clusterc_call_duration_seconds_count{${client}}`)).toBe(8);
    expect(value(`clusterc_call_duration_seconds_bucket{${client},le="+Inf"}`)).toBe(8);
    const buckets = ["0.001", "0.01", "0.1", "1"].map((le) => value(`clusterc_call_duration_seconds_bucket{${client},le="${le}"}`));
    expect([...buckets].sort((a, b) => a - b)).toEqual(buckets);
    // The timed-out call took at least 100 ms.
    expect(buckets[2]).toBeLessThanOrEqual(7);
    expect(value(`clusterc_call_duration_seconds_sum{${client}}`)).toBeGreaterThanOrEqual(0.099);
    expect(value(`clusterc_calls_in_flight{${client}}`)).toBe(0);
    expect(value(`clusterc_bytes_total{direction="in"}`)).toBeGreaterThan(0);
    expect(value(`clusterc_bytes_total{direction="out"}`)).toBe(value(`clusterc_bytes_total{direction="in"}`));
    expect(value(`clusterc_connections{origin="connect"}`)).toBe(1);
    expect(value(`clusterc_connections{origin="accept"}`)).toBe(1);
    expect(value(`clusterc_connections_opened_total{origin="connect"}`)).toBe(1);
    expect(text).toContain("# TYPE clusterc_call_duration_seconds histogram");
    expect(text).toContain("# TYPE clusterc_reconnects_total counter");
    // Scraping twice gives the same counts (collect replaces, never adds).
    expect(await registry.metrics()).toContain(`clusterc_calls_total{${client},code="ok"} 7`);
    // One series per method bound on each side (3 calc methods × client and server), zeros included.
    const json = await registry.getMetricsAsJSON();
    expect(json.find((m) => m.name === "clusterc_call_duration_seconds")?.values.length).toBe(6 * (4 + 3));
    expect(value(`clusterc_call_duration_seconds_count{side="server",service="calc",method="notify"}`)).toBe(0);
  });

  it("refuses bad buckets and a second registration on the same registry", () => {
    const registry = new Registry();
    expect(() => createPrometheusMetrics({ registry, buckets: [] })).toThrow(TypeError);
    expect(() => createPrometheusMetrics({ registry, buckets: [1, 0.5] })).toThrow(TypeError);
    createPrometheusMetrics({ registry });
    expect(() => createPrometheusMetrics({ registry })).toThrow(/already been registered/);
    expect(() => createPrometheusMetrics({ registry, prefix: "other_" })).not.toThrow();
  });
});
