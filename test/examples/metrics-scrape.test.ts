/**
 * examples/metrics.ts as Prometheus would see it: the example is started as its own process,
 * `/metrics` is scraped once over HTTP while it serves, and the scrape must hold the metrics of
 * the calls it made (names, labels, values); the example then stops by itself.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

it("serves /metrics with the calls it made, scraped once while it runs, then stops by itself", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "examples/metrics.ts", "--wait-ms", "20000"], { cwd: root });
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  try {
    let stdout = "";
    child.stdout.setEncoding("utf8");
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${stdout}`)), 20_000);
      child.stdout.on("data", (chunk: string) => {
        stdout += chunk;
        const found = /serving (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(stdout);
        if (found) {
          clearTimeout(timer);
          resolve(found[1] as string);
        }
      });
    });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    const value = (series: string): number | undefined => {
      const line = text.split("\n").find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    expect(value('clusterc_calls_total{side="client",service="calc",method="add",code="ok"}')).toBe(20);
    expect(value('clusterc_calls_total{side="server",service="calc",method="add",code="ok"}')).toBe(20);
    expect(value('clusterc_calls_total{side="client",service="calc",method="slow_add",code="timeout"}')).toBe(1);
    expect(value('clusterc_call_duration_seconds_count{side="client",service="calc",method="add"}')).toBe(20);
    expect(value('clusterc_calls_in_flight{side="client",service="calc",method="add"}')).toBe(0);
    expect(value('clusterc_connections{origin="connect"}')).toBe(1);
    expect(value('clusterc_connections{origin="accept"}')).toBe(1);
    expect(value('clusterc_bytes_total{direction="in"}')).toBeGreaterThan(0);
    for (const name of [
      "clusterc_calls_total",
      "clusterc_call_duration_seconds",
      "clusterc_calls_in_flight",
      "clusterc_bytes_total",
      "clusterc_connections",
      "clusterc_connections_opened_total",
      "clusterc_reconnects_total",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    // One scrape is enough: the example stops by itself.
    expect(await exited).toBe(0);
  } finally {
    child.kill();
  }
}, 40_000);
