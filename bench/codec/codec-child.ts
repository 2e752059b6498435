/**
 * Child entry: one codec contender in a fresh process (so no contender's code shapes the
 * JIT feedback of another). Loads the codec and checks `decode(encode(sample))`, then
 * answers the parent's commands:
 * - `{type:"warmup", warmupMs}`: calibrates the batch sizes and warms up, replies `ready`
 *   with the encoded size;
 * - `{type:"round", roundMs}`: one encode round and one decode round, replies `round`;
 * - `{type:"finish"}`: checks the round trip again, replies `result`.
 * Usage: `node --import tsx bench/codec/codec-child.ts <id>`
 */
import { BenchError } from "../lib/errors.ts";
import { runChild } from "../lib/parent-link.ts";
import { startProfiling, type StopProfiling } from "../lib/profiler.ts";
import { findCodecContender } from "./contenders.ts";
import { createSampleMessage, isSampleRoundTrip } from "./game-message.ts";
import { calibrateBatch, measureRound, readSink, warmUp, type Batch } from "./measure.ts";

runChild(async (link) => {
  const id = process.argv[2] ?? "";
  const contender = findCodecContender(id);
  if (!contender) throw new BenchError("usage", `unknown codec contender '${id}'`);
  const codec = await contender.load();
  const sample = createSampleMessage();
  if (!isSampleRoundTrip(codec.decode(codec.encode(sample)), sample)) {
    throw new BenchError("wrong-answer", `${contender.label}: decode(encode(sample)) differs from the sample`);
  }
  // Steady-state size and bytes (msgpackr records only embeds its structure the first time).
  const steady = codec.encode(sample).slice();
  const encode: Batch = (n) => {
    let total = 0;
    for (let i = 0; i < n; i++) total += codec.encode(sample).length;
    return total;
  };
  const decode: Batch = (n) => {
    let total = 0;
    for (let i = 0; i < n; i++) if (codec.decode(steady) !== undefined) total++;
    return total;
  };
  let batches = { encode: 0, decode: 0 };
  // Profiled from the first round on (not the load, calibration and warm-up).
  let stopProfiling: StopProfiling | undefined;
  for (;;) {
    const command = await link.next();
    if (command.type === "warmup") {
      const ms = Number(command["warmupMs"]);
      // Sized again after the warm-up: cold, a few calls can take the whole 5 ms, and a round of
      // tiny batches would mostly measure the clock reads between them.
      warmUp(encode, calibrateBatch(encode), ms);
      warmUp(decode, calibrateBatch(decode), ms);
      batches = { encode: calibrateBatch(encode), decode: calibrateBatch(decode) };
      link.send({ type: "ready", bytes: steady.length });
    } else if (command.type === "round") {
      const ms = Number(command["roundMs"]);
      stopProfiling ??= await startProfiling();
      link.send({ type: "round", encode: measureRound(encode, batches.encode, ms), decode: measureRound(decode, batches.decode, ms) });
    } else if (command.type === "finish") {
      await stopProfiling?.();
      if (!isSampleRoundTrip(codec.decode(steady), sample))
        throw new BenchError("wrong-answer", `${contender.label}: round trip broke during the run`);
      link.send({ type: "result", sink: readSink() });
      return;
    } else {
      throw new BenchError("protocol", `codec child got unknown command '${command.type}'`);
    }
  }
});
