/**
 * Renders a soak report (and progress samples) as text for the `soak` script.
 */
import type { SoakReport, SoakSample } from "./run.ts";

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** One progress line. */
export function formatSample(s: SoakSample): string {
  return `t=${s.second}s rss=${mib(s.rss)} heap=${mib(s.heapUsed)} settled=${s.settled} pending=${s.pending} connections=${s.connections} timers=${s.timers}`;
}

/** The closing summary. */
export function formatReport(report: SoakReport): string {
  const { tally } = report;
  const lines: string[] = [];
  const failed = [...tally.failures.values()].reduce((a, b) => a + b, 0);
  lines.push(`soak: ${report.seconds} s`);
  lines.push(`calls: started=${tally.started} settled=${tally.settled} ok=${tally.ok} failed=${failed} corrupt=${tally.corrupt}`);
  const byCode = [...tally.failures].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code}=${n}`);
  lines.push(`failed by code: ${byCode.join(" ") || "none"}`);
  lines.push(`undocumented codes: ${[...report.undocumented].map(([c, n]) => `${c}=${n}`).join(" ") || "none"}`);
  lines.push(`chaos: ${[...report.chaos].map(([k, n]) => `${k}=${n}`).join(" ") || "none"}`);
  const rss = report.samples.map((s) => s.rss);
  if (rss.length > 0) {
    const step = Math.max(1, Math.floor(report.samples.length / 10));
    const over = report.samples.filter((_, i) => i % step === 0).map((s) => `${s.second}s:${mib(s.rss)}`);
    lines.push(`rss over time: ${over.join(" ")}`);
    lines.push(`rss min/max/last: ${mib(Math.min(...rss))} / ${mib(Math.max(...rss))} / ${mib(rss[rss.length - 1] as number)}`);
  }
  lines.push(`unsettled at the deadline: ${report.unsettledAtDeadline}`);
  lines.push(`final pending: ${report.finalPending}  final timers: ${report.finalTimers}`);
  lines.push(`resources left after shutdown: ${report.leakedResources.join(", ") || "none"}`);
  lines.push(report.passed ? "RESULT: PASS" : "RESULT: FAIL");
  return lines.join("\n");
}
