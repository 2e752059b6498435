/** A description of the machine a run happened on, for the table header and the JSON. */
import * as os from "node:os";

/** Machine facts. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  /** 1/5/15-minute load averages at the start of the run (other work skews results). */
  readonly loadAverage: readonly number[];
}

/** Collects the machine facts. */
export function describeMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpus: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** The command line as the user typed it (best effort). */
export function describeCommand(argv: readonly string[]): string {
  const args = argv.join(" ");
  if (process.env["npm_lifecycle_event"] === "bench") return `npm run bench${args ? ` -- ${args}` : ""}`;
  return `tsx bench/run.ts${args ? ` ${args}` : ""}`;
}
