/** Renders a run's results as the printed report (header, one table per part, targets). */
import { formatDeltaMiB, formatMiB, formatPercent, formatRate, formatTimes, formatUs, renderTable, type TextTable } from "./format.ts";
import { median } from "../lib/stats.ts";
import { membershipGrowthTable, membershipTable } from "./print-membership.ts";
import type { BenchResults } from "./results.ts";
import { rssNoiseBytes, vsProtobufjs } from "./targets.ts";

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

/** "min … max" of a list of rates. */
function roundRange(rates: readonly number[]): string {
  return rates.length === 0 ? "-" : `${formatRate(Math.min(...rates))} … ${formatRate(Math.max(...rates))}`;
}

function overheadTable(results: BenchResults): TextTable | undefined {
  const o = results.overhead;
  if (!o) return undefined;
  const rows = o.variants.map((v) => {
    if (v.status !== "ok") return [v.label, v.status];
    const server = v.rounds.every((r) => r.serverCpuUs !== undefined);
    return [
      v.label,
      formatRate(v.callsPerSec),
      formatPercent(v.rateVsNone),
      roundRange(v.rounds.map((r) => r.callsPerSec)),
      server
        ? `${v.cpuUsPerCall?.toFixed(2)} (${median(v.rounds.map((r) => r.clientCpuUs)).toFixed(2)} + ${median(v.rounds.map((r) => r.serverCpuUs ?? 0)).toFixed(2)})`
        : `${formatUs(v.cpuUsPerCall)} (client only)`,
      formatTimes(v.cpuVsNone),
      v.wrong === 0 ? "ok" : `${v.wrong} WRONG`,
    ];
  });
  return {
    title: `Overhead (issue 14): clusterc wire 0.7.0, 1 conn × ${o.depth} in flight, ${o.rounds} rounds of ${o.roundMs} ms each, order rotating`,
    header: [
      "variant (on both nodes)",
      "calls/s (median)",
      "vs none",
      "rounds min … max",
      "CPU µs/call (client + server)",
      "CPU vs none",
      "answers",
    ],
    rows,
    notes: [
      "vs none: median over rounds of the rate divided by the plain variant's rate in the same round; CPU: client + server process time per call",
      ...problems(o.variants),
    ],
  };
}

function discoveryTable(results: BenchResults): TextTable | undefined {
  const d = results.discovery;
  if (!d) return undefined;
  const rows = d.variants.map((v) => {
    if (v.status !== "ok") return [v.label, v.status];
    return [
      v.label,
      formatRate(v.callsPerSec),
      formatTimes(v.rateVsDirect),
      roundRange(v.rounds.map((r) => r.callsPerSec)),
      formatUs(v.clientCpuUs),
      v.wrong === 0 ? "ok" : `${v.wrong} WRONG`,
    ];
  });
  return {
    title: `Discovery (issue 12): add over ${d.members} members, clusterc wire 0.7.0, ${d.depth} in flight, ${d.rounds} rounds of ${d.roundMs} ms, each next to a direct round`,
    header: ["caller", "calls/s (median)", "vs direct", "rounds min … max", "caller CPU µs/call", "answers"],
    rows,
    notes: [
      "members from a static registry (no etcd: the registry is not on the call path); vs direct: median over rounds of the rate divided by that of the direct round run next to it",
      ...problems(d.variants),
    ],
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
      formatTimes(vsProtobufjs(r, pb, "encode")),
      formatTimes(vsProtobufjs(r, pb, "decode")),
    ];
  });
  return {
    title: "Codec: player_update (bench/schemas/game.zp ≡ bench/proto/game.proto), median of rounds, ops per CPU second",
    header: ["codec", "encode ops/s", "decode ops/s", "bytes", "enc vs pbjs", "dec vs pbjs"],
    rows,
    notes: [
      "contenders measured in turn, round after round; vs pbjs: median over the rounds of the rate divided by protobufjs's rate of the same round",
      ...results.codec.filter((r) => r.note && r.status === "ok").map((r) => `${r.label}: ${r.note}`),
      ...problems(results.codec),
    ],
  };
}

function compilerTable(results: BenchResults): TextTable | undefined {
  if (!results.compiler) return undefined;
  return {
    title: "Compiler: cold process `node compiler/bin/clusterc.js gen <schema> -o <tmp>`",
    header: ["run", "wall ms (median)", "CPU ms (median)", "runs", "output KiB"],
    notes: [
      "CPU: user + system time of the process (all its threads); on a busy machine the wall time is mostly the wait for a CPU",
      ...problems(results.compiler),
    ],
    rows: results.compiler.map((r) =>
      r.status !== "ok"
        ? [r.label, r.status]
        : [
            r.label,
            (r.wallMs ?? Number.NaN).toFixed(0),
            r.cpuMs === undefined ? "-" : r.cpuMs.toFixed(0),
            String(r.runsMs?.length ?? 0),
            r.outputBytes === undefined ? "-" : (r.outputBytes / 1024).toFixed(1),
          ],
    ),
  };
}

function lspTable(results: BenchResults): TextTable | undefined {
  if (!results.lsp) return undefined;
  const ms = (v: number | undefined): string => (v === undefined ? "-" : v.toFixed(1));
  return {
    title: "Language server: `clusterc lsp` over stdio, round trips seen by the client (ms)",
    header: [
      "run",
      "open → diagnostics",
      "edit → diagnostics p50",
      "p95",
      "max",
      "syntax-error edit p50",
      "hover p50",
      "completion p50",
      "answers",
    ],
    notes: problems(results.lsp),
    rows: results.lsp.map((r) =>
      r.status !== "ok"
        ? [r.label, r.status]
        : [
            r.label,
            ms(r.openMs),
            ms(r.diagnostics?.median),
            ms(r.diagnostics?.p95),
            ms(r.diagnostics?.max),
            ms(r.syntaxErrorDiagnostics?.median),
            ms(r.hover?.median),
            ms(r.completion?.median),
            r.wrong === 0 ? "ok" : `${r.wrong} WRONG`,
          ],
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
    `node:      ${m.node} (V8 ${m.v8}, OpenSSL ${m.openssl}, ${m.nodeBinary})`,
    `command:   ${results.command}`,
    `placement: ${results.placement.description}`,
    "",
  ];
  for (const table of [
    rpcTable(results),
    overheadTable(results),
    discoveryTable(results),
    membershipTable(results.membership),
    membershipGrowthTable(results.membership),
    codecTable(results),
    compilerTable(results),
    lspTable(results),
    memoryTable(results),
  ]) {
    if (table) out.push(renderTable(table), "");
  }
  if (results.headline.length > 0) out.push("Headline (ratios from this run):", ...results.headline.map((h) => `  ${h}`), "");
  if (results.targets.length > 0) {
    out.push("Targets (issues 6, 12, 14, 18, 21 and 23):");
    for (const t of results.targets) out.push(`  [${t.status.toUpperCase().padEnd(4)}] ${t.description}: ${t.measured}`);
    out.push("");
  }
  const parts = Object.entries(results.partSeconds).map(([part, sec]) => `${part} ${sec.toFixed(1)} s`);
  out.push(`took ${results.durationSec.toFixed(1)} s (${parts.join(", ")})`);
  return out.join("\n");
}
