/**
 * Runs the selected parts of the benchmark and assembles the results (no printing, no
 * files): the programmatic entry used by `run.ts` and by the harness smoke test.
 */
import { runCodecPart } from "./codec/run-codec.ts";
import { runCompilerPart } from "./compiler/run-compiler.ts";
import { runLspPart } from "./lsp/run-lsp.ts";
import { killAllChildren } from "./lib/children.ts";
import { createBenchContext } from "./lib/context.ts";
import { describeCommand, describeMachine } from "./lib/machine.ts";
import type { BenchOptions, BenchPart } from "./lib/options.ts";
import { runMemoryPart } from "./memory/run-memory.ts";
import { runOverheadPart } from "./overhead/run-overhead.ts";
import { runDiscoveryPart } from "./discovery/run-discovery.ts";
import { runMembershipPart } from "./membership/run-membership.ts";
import type { BenchResults } from "./report/results.ts";
import { evaluateTargets, headline } from "./report/targets.ts";
import { describeClustercPath } from "./rpc/clusterc.ts";
import { runRpcPart } from "./rpc/run-rpc.ts";

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  readonly options: BenchOptions;
  /** The argv the run was started with (for the "command" line). */
  readonly argv?: readonly string[];
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** Runs the benchmark; every child process is gone when the promise settles. */
export async function runBench({ options, argv = [], log = () => undefined }: RunBenchOptions): Promise<BenchResults> {
  const started = Date.now();
  const context = createBenchContext(options);
  const machine = describeMachine();
  try {
    const partSeconds: Partial<Record<BenchPart, number>> = {};
    const timed = async <T>(part: BenchPart, run: () => Promise<T>): Promise<T | undefined> => {
      if (!options.parts.includes(part)) return undefined;
      const t0 = Date.now();
      try {
        return await run();
      } finally {
        partSeconds[part] = (Date.now() - t0) / 1000;
      }
    };
    const rpc = await timed("rpc", () => runRpcPart(context, log));
    const overhead = await timed("overhead", () => runOverheadPart(context, log));
    const discovery = await timed("discovery", () => runDiscoveryPart(context, log));
    const membership = await timed("membership", () => runMembershipPart(context, log));
    const codec = await timed("codec", () => runCodecPart(context, log));
    const compiler = await timed("compiler", () => runCompilerPart(context, log));
    const lsp = await timed("lsp", () => runLspPart(context, log));
    const memory = await timed("memory", () => runMemoryPart(context, log));
    const inputs = {
      ...(rpc ? { rpc } : {}),
      ...(overhead ? { overhead } : {}),
      ...(discovery ? { discovery } : {}),
      ...(membership ? { membership } : {}),
      ...(codec ? { codec } : {}),
      ...(compiler ? { compiler } : {}),
      ...(lsp ? { lsp } : {}),
      ...(memory ? { memory } : {}),
    };
    return {
      runId: context.runId,
      date: new Date(started).toISOString(),
      command: describeCommand(argv),
      machine,
      placement: context.placement,
      options,
      clustercPath: await describeClustercPath(),
      ...inputs,
      targets: evaluateTargets(inputs),
      headline: headline(inputs),
      durationSec: (Date.now() - started) / 1000,
      partSeconds,
    };
  } finally {
    killAllChildren();
  }
}
