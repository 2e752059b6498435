/** The shape of one run's results: what is printed and written to bench/results/<run>.json. */
import type { CodecResult } from "../codec/run-codec.ts";
import type { CompilerResult } from "../compiler/run-compiler.ts";
import type { LspResult } from "../lsp/run-lsp.ts";
import type { Placement } from "../lib/context.ts";
import type { MachineInfo } from "../lib/machine.ts";
import type { BenchOptions, BenchPart } from "../lib/options.ts";
import type { MemoryResult } from "../memory/run-memory.ts";
import type { OverheadResult } from "../overhead/run-overhead.ts";
import type { DiscoveryResult } from "../discovery/run-discovery.ts";
import type { MembershipResult } from "../membership/scale.ts";
import type { RpcContenderResult } from "../rpc/run-rpc.ts";

/** One target of issue 6, evaluated on this run's ratios. */
export interface TargetResult {
  readonly id: string;
  readonly description: string;
  /** `info` rows are shown for context and are not targets. */
  readonly status: "pass" | "fail" | "n/a" | "info";
  /** The measured value, human-readable ("64% of raw"). */
  readonly measured: string;
}

/** Everything a run produced. */
export interface BenchResults {
  readonly runId: string;
  readonly date: string;
  readonly command: string;
  readonly machine: MachineInfo;
  readonly placement: Placement;
  readonly options: BenchOptions;
  /** How the clusterc RPC contenders were wired (generated client, callRaw + codecs, …). */
  readonly clustercPath: string;
  readonly rpc?: readonly RpcContenderResult[];
  /** What an interceptor and the metrics hook cost (issue 14). */
  readonly overhead?: OverheadResult;
  /** Calls by service name vs direct peer calls (issue 12). */
  readonly discovery?: DiscoveryResult;
  readonly membership?: MembershipResult;
  readonly codec?: readonly CodecResult[];
  readonly compiler?: readonly CompilerResult[];
  /** The language server: diagnostics after an edit, hover, completion (issue 18). */
  readonly lsp?: readonly LspResult[];
  readonly memory?: readonly MemoryResult[];
  readonly targets: readonly TargetResult[];
  /** One-line ratios vs the peers of the same run. */
  readonly headline: readonly string[];
  readonly durationSec: number;
  /** Wall time of each part that ran. */
  readonly partSeconds: Partial<Record<BenchPart, number>>;
}
