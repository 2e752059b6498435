/** A description of the machine a run happened on, for the table header and the JSON. */
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Machine facts. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  /** `process.version` of the run (its children run on the same binary). */
  readonly node: string;
  /** The binary that ran: a pinned one in the clone's `.cache/node/` (`.ci/node.sh exec 24 …`) or the machine's. */
  readonly nodeBinary: string;
  readonly v8: string;
  /** The OpenSSL that Node was built with (TLS figures depend on it). */
  readonly openssl: string;
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
    nodeBinary: describeNodeBinary(process.execPath),
    v8: process.versions.v8,
    openssl: process.versions.openssl ?? "none",
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** `execPath` relative to the repository when it is a pinned runtime of `.cache/node/`, else as it is. */
export function describeNodeBinary(execPath: string): string {
  const relative = path.relative(REPO_ROOT, execPath);
  return relative.startsWith(`.cache${path.sep}node${path.sep}`) ? relative : execPath;
}

/** The command line as the user typed it (best effort). */
export function describeCommand(argv: readonly string[]): string {
  const args = argv.join(" ");
  if (process.env["npm_lifecycle_event"] === "bench") return `npm run bench${args ? ` -- ${args}` : ""}`;
  return `tsx bench/run.ts${args ? ` ${args}` : ""}`;
}
