/**
 * `npm run soak -- --seconds N [--workers W] [--servers S]`: mixed load with random peer kills,
 * stalls and restarts (child processes); prints calls made, failures by code, RSS over time and the
 * final pending count. Exits 1 when a check fails.
 */
import { parseArgs } from "node:util";
import { formatReport, formatSample } from "./soak/format-report.ts";
import { runSoak } from "./soak/run.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    workers: { type: "string", default: "32" },
    servers: { type: "string", default: "2" },
  },
});
const seconds = Number(values.seconds);
if (!(seconds > 0)) {
  process.stderr.write(`soak: --seconds must be a positive number, got ${values.seconds}\n`);
  process.exit(2);
}
const every = Math.max(1, Math.round(seconds / 60));
let n = 0;
const report = await runSoak({
  seconds,
  workers: Number(values.workers),
  serversPerWire: Number(values.servers),
  onSample: (s) => {
    if (n++ % every === 0) process.stdout.write(`${formatSample(s)}\n`);
  },
});
process.stdout.write(`${formatReport(report)}\n`);
process.exit(report.passed ? 0 : 1);
