/** Renders a run's results as the printed report (header, one table per part, targets). */
import { formatDeltaMiB, formatMiB, formatPercent, formatRate, formatTimes, formatUs, renderTable, type TextTable } from "./format.ts";
import type { BenchResults } from "./results.ts";
import { rssNoiseBytes } from "./targets.ts";

/** Notes naming why contenders did not run. */
function problems(results: ReadonlyArray<{ label: string; status: string; error?: string }>): string[] {
  return results.filter((r) => r.status !== "ok").map((r) => `${r.label}: ${r.status}: ${(r.error ?? "").split("\n")[0]}`);
}

function rpcTable(results: BenchResults): TextTable | undefined {
  if (!results.rpc) return undefined;
  const raw = results.rpc.find((r) => r.id === "raw" && r.status === "ok");
  const rate = (id: string, m: string): number | undefined =>
    results.rpc?.find((r) => r.id === id)?.modes.find((x) => x.mode === m)?.callsPerSec;
  const rows = results.rpc.map((r) => {
    if (r.status !== "ok") return [r.label, r.status];
    const seq = r.modes.find((m) => m.mode === "sequential");
    const inflight = r.modes.find((m) => m.mode === "inflight");
    const multi = r.modes.find((m) => m.mode === "multi");
    const vsRaw = raw && inflight ? inflight.callsPerSec / (rate("raw", "inflight") ?? Number.NaN) : undefined;
    const wrong = r.modes.reduce((n, m) => n + m.wrong, 0);
    return [
      r.label,
      formatRate(seq?.callsPerSec),
      formatUs(seq?.p50Us),
      formatUs(seq?.p99Us),
      formatRate(inflight?.callsPerSec),
      formatRate(multi?.callsPerSec),
      formatPercent(vsRaw),
      wrong === 0 ? "ok" : `${wrong} WRONG`,
    ];
  });
  return {
    title: "RPC: add(10, 20) on 127.0.0.1",
    header: ["contender", "seq calls/s", "p50 µs", "p99 µs", "256 in flight/s", "16×64 /s", "256 vs raw", "answers"],
    rows,
    notes: [`clusterc path: ${results.clustercPath}`, ...problems(results.rpc)],
  };
}

function codecTable(results: BenchResults): TextTable | undefined {
  if (!results.codec) return undefined;
  const pb = results.codec.find((r) => r.id === "protobufjs" && r.status === "ok");
  const rows = results.codec.map((r) => {
    if (r.status !== "ok") return [r.label, r.status];
    return [
      r.label,
      formatRate(r.encodeOpsPerSec),
      formatRate(r.decodeOpsPerSec),
      String(r.bytes ?? "-"),
      formatTimes(pb?.encodeOpsPerSec && r.encodeOpsPerSec ? r.encodeOpsPerSec / pb.encodeOpsPerSec : undefined),
      formatTimes(pb?.decodeOpsPerSec && r.decodeOpsPerSec ? r.decodeOpsPerSec / pb.decodeOpsPerSec : undefined),
    ];
  });
  return {
    title: "Codec: player_update (bench/schemas/game.zp ≡ bench/proto/game.proto), median of rounds",
    header: ["codec", "encode ops/s", "decode ops/s", "bytes", "enc vs pbjs", "dec vs pbjs"],
    rows,
    notes: [...results.codec.filter((r) => r.note && r.status === "ok").map((r) => `${r.label}: ${r.note}`), ...problems(results.codec)],
  };
}

function compilerTable(results: BenchResults): TextTable | undefined {
  if (!results.compiler) return undefined;
  return {
    title: "Compiler: cold process `node compiler/bin/clusterc.js gen <schema> -o <tmp>`",
    header: ["run", "wall ms (median)", "runs", "output KiB"],
    notes: problems(results.compiler),
    rows: results.compiler.map((r) =>
      r.status !== "ok"
        ? [r.label, r.status]
        : [r.label, (r.wallMs ?? Number.NaN).toFixed(0), String(r.runsMs?.length ?? 0), r.outputBytes === undefined ? "-" : (r.outputBytes / 1024).toFixed(1)],
    ),
  };
}

function memoryTable(results: BenchResults): TextTable | undefined {
  if (!results.memory) return undefined;
  const rows = results.memory.map((r) => {
    if (r.status !== "ok" || !r.report) return [r.label, r.status];
    const [first, last] = [r.report.samples[0], r.report.samples[r.report.samples.length - 1]];
    const t = r.report.timeouts;
    return [
      r.label,
      first ? `${first.calls / 1000}k: ${formatMiB(first.rss)} / ${formatMiB(first.heapUsed)}` : "-",
      last ? `${last.calls / 1000}k: ${formatMiB(last.rss)} / ${formatMiB(last.heapUsed)}` : "-",
      first && last ? `${formatDeltaMiB(last.rss - first.rss)} (noise ≤ ${formatMiB(rssNoiseBytes(first.rss))})` : "-",
      t ? `${t.pendingAfter} after ${t.calls / 1000}k (${t.rejected} rejected)` : "n/a",
    ];
  });
  return {
    title: "Memory: client process, after forced GC (MiB)",
    header: ["contender", "RSS / heap at N", "RSS / heap at M", "RSS growth", "pending after timeouts"],
    rows,
    notes: problems(results.memory),
  };
}

/** The whole printed report. */
export function renderReport(results: BenchResults): string {
  const m = results.machine;
  const out: string[] = [
    `clusterc bench — ${results.date}`,
    `machine:   ${m.cpuModel}, ${m.cpus} CPUs, ${m.memoryGiB} GiB, ${m.platform}, load ${m.loadAverage.join(" ")}`,
    `node:      ${m.node} (V8 ${m.v8})`,
    `command:   ${results.command}`,
    `placement: ${results.placement.description}`,
    "",
  ];
  for (const table of [rpcTable(results), codecTable(results), compilerTable(results), memoryTable(results)]) {
    if (table) out.push(renderTable(table), "");
  }
  if (results.headline.length > 0) out.push("Headline (ratios from this run):", ...results.headline.map((h) => `  ${h}`), "");
  if (results.targets.length > 0) {
    out.push("Targets (issue 6):");
    for (const t of results.targets) out.push(`  [${t.status.toUpperCase().padEnd(4)}] ${t.description}: ${t.measured}`);
    out.push("");
  }
  const parts = Object.entries(results.partSeconds).map(([part, sec]) => `${part} ${sec.toFixed(1)} s`);
  out.push(`took ${results.durationSec.toFixed(1)} s (${parts.join(", ")})`);
  return out.join("\n");
}
