/**
 * The codec part: generates clusterc's game codec with the real CLI and protobufjs's static
 * code with pbjs (pbjs-gen.ts), starts one child per
 * contender (pinned to the client CPU, each warmed up alone), then runs rounds: in each
 * round every contender in turn, in an order that rotates every round, measures one encode
 * and one decode round while the others wait idle. Rates are per CPU second of the child
 * (measure.ts); a contender's ratio to protobufjs is the median over the rounds of its rate
 * divided by protobufjs's rate of the same round, so that the machine's drift hits both
 * sides of every ratio alike.
 */
import { spawnChild, type BenchChild } from "../lib/children.ts";
import { childEnv, type BenchContext } from "../lib/context.ts";
import { BenchError, describeError } from "../lib/errors.ts";
import type { BenchScale } from "../lib/options.ts";
import { median } from "../lib/stats.ts";
import { generateGameCodec } from "./clusterc-codec.ts";
import type { CodecContender } from "./contender.ts";
import { CODEC_CONTENDERS } from "./contenders.ts";
import { cpuRate, type RoundSample } from "./measure.ts";
import { generateProtobufjsCode } from "./pbjs-gen.ts";

/** The outcome for one codec contender. */
export interface CodecResult {
  readonly id: string;
  readonly label: string;
  readonly note?: string;
  readonly status: "ok" | "unavailable" | "failed";
  readonly error?: string;
  readonly bytes?: number;
  /** Median over the rounds of encode operations per CPU second. */
  readonly encodeOpsPerSec?: number;
  readonly decodeOpsPerSec?: number;
  /** Every round's ops per CPU second (the reported rates are their medians). */
  readonly encodeRounds?: readonly number[];
  readonly decodeRounds?: readonly number[];
  /** Every round's ops per wall-clock second (information: other processes' load shows here). */
  readonly encodeWallRounds?: readonly number[];
  readonly decodeWallRounds?: readonly number[];
  /** Median over the rounds of this rate / protobufjs's rate in the same round. */
  readonly encodeVsProtobufjs?: number;
  readonly decodeVsProtobufjs?: number;
}

/** Timing of the codec part. */
export interface CodecTiming {
  readonly warmupMs: number;
  readonly rounds: number;
  /** CPU time of one encode (and of one decode) round. */
  readonly roundMs: number;
}

/** Timing per scale. */
export function codecTiming(scale: BenchScale): CodecTiming {
  switch (scale) {
    case "full":
      return { warmupMs: 500, rounds: 11, roundMs: 120 };
    case "quick":
      return { warmupMs: 80, rounds: 7, roundMs: 40 };
    case "smoke":
      return { warmupMs: 5, rounds: 1, roundMs: 5 };
  }
}

interface Running {
  readonly contender: CodecContender;
  readonly child: BenchChild;
  bytes?: number;
  encode: RoundSample[];
  decode: RoundSample[];
  error?: { status: "unavailable" | "failed"; text: string };
}

/** Why generation failed for each contender that needs generated code. */
interface GenErrors {
  readonly clusterc?: string | undefined;
  readonly protobufjs?: string | undefined;
}

function fail(run: Running, err: unknown, genErrors: GenErrors, log: (line: string) => void): void {
  const unavailable = err instanceof BenchError && err.code === "unavailable";
  const id = run.contender.id;
  const generation = id === "protobufjs" ? genErrors.protobufjs : id.startsWith("clusterc") ? genErrors.clusterc : undefined;
  const text = unavailable && generation ? generation : describeError(err);
  run.error = { status: unavailable ? "unavailable" : "failed", text };
  log(`codec: ${run.contender.label}: ${run.error.status}: ${text}`);
}

/** Median over the rounds where both ran of `mine[r] / theirs[r]`. */
function medianRatio(mine: readonly number[], theirs: readonly number[] | undefined): number | undefined {
  if (theirs === undefined || theirs.length !== mine.length || mine.length === 0) return undefined;
  return median(mine.map((m, r) => m / (theirs[r] as number)));
}

function toResult(run: Running, pb: Running | undefined): CodecResult {
  const { contender } = run;
  const base = { id: contender.id, label: contender.label, ...(contender.note ? { note: contender.note } : {}) };
  if (run.error) return { ...base, status: run.error.status, error: run.error.text };
  const encodeRounds = run.encode.map(cpuRate);
  const decodeRounds = run.decode.map(cpuRate);
  const pbOk = pb && !pb.error ? pb : undefined;
  const encodeVs = medianRatio(encodeRounds, pbOk?.encode.map(cpuRate));
  const decodeVs = medianRatio(decodeRounds, pbOk?.decode.map(cpuRate));
  return {
    ...base,
    status: "ok",
    ...(run.bytes === undefined ? {} : { bytes: run.bytes }),
    encodeOpsPerSec: median(encodeRounds),
    decodeOpsPerSec: median(decodeRounds),
    encodeRounds,
    decodeRounds,
    encodeWallRounds: run.encode.map((s) => (s.ops / s.wallMs) * 1000),
    decodeWallRounds: run.decode.map((s) => (s.ops / s.wallMs) * 1000),
    ...(encodeVs === undefined ? {} : { encodeVsProtobufjs: encodeVs }),
    ...(decodeVs === undefined ? {} : { decodeVsProtobufjs: decodeVs }),
  };
}

/** Runs the codec part. */
export async function runCodecPart(context: BenchContext, log: (line: string) => void): Promise<CodecResult[]> {
  const selected = CODEC_CONTENDERS.filter((c) => context.options.contenders?.includes(c.id) ?? true);
  let genError: string | undefined;
  if (selected.some((c) => c.id.startsWith("clusterc"))) {
    genError = generateGameCodec();
    log(`codec: game codec ${genError === undefined ? "generated by clusterc gen" : `not generated: ${genError}`}`);
  }
  let pbjsError: string | undefined;
  if (selected.some((c) => c.id === "protobufjs")) {
    pbjsError = generateProtobufjsCode();
    log(`codec: protobufjs static code ${pbjsError === undefined ? "generated by pbjs" : `not generated: ${pbjsError}`}`);
  }
  const genErrors: GenErrors = { clusterc: genError, protobufjs: pbjsError };
  const timing = codecTiming(context.options.scale);
  const runs: Running[] = selected.map((contender) => ({
    contender,
    child: spawnChild({
      script: "bench/codec/codec-child.ts",
      args: [contender.id],
      label: `codec-${contender.id}`,
      env: childEnv(context, `codec-${contender.id}`),
      verbose: context.options.verbose,
      ...(context.placement.clientCpu === undefined ? {} : { cpu: context.placement.clientCpu }),
    }),
    encode: [],
    decode: [],
  }));
  const budget = (ms: number): number => 20_000 + 8 * ms;
  try {
    // Warm-ups one at a time: a contender's calibration never shares the CPU with another's.
    for (const run of runs) {
      log(`codec: ${run.contender.label}: warm-up …`);
      try {
        run.child.send({ type: "warmup", warmupMs: timing.warmupMs });
        const ready = await run.child.expect("ready", 30_000 + budget(2 * timing.warmupMs));
        run.bytes = Number(ready["bytes"]);
      } catch (err) {
        fail(run, err, genErrors, log);
      }
    }
    log(`codec: ${timing.rounds} rounds of ${timing.roundMs} ms CPU per operation, contenders in turn …`);
    for (let r = 0; r < timing.rounds; r++) {
      for (let k = 0; k < runs.length; k++) {
        const run = runs[(r + k) % runs.length] as Running;
        if (run.error) continue;
        try {
          run.child.send({ type: "round", roundMs: timing.roundMs });
          const round = await run.child.expect("round", budget(2 * timing.roundMs));
          run.encode.push(round["encode"] as RoundSample);
          run.decode.push(round["decode"] as RoundSample);
        } catch (err) {
          fail(run, err, genErrors, log);
        }
      }
    }
    for (const run of runs) {
      if (run.error) continue;
      try {
        run.child.send({ type: "finish" });
        await run.child.expect("result", 30_000);
      } catch (err) {
        fail(run, err, genErrors, log);
      }
    }
  } finally {
    await Promise.all(runs.map((run) => run.child.stop()));
  }
  const pb = runs.find((run) => run.contender.id === "protobufjs");
  return runs.map((run) => toResult(run, pb));
}
