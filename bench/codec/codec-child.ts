/**
 * Child entry: measures one codec contender in a fresh process (so no contender's code
 * shapes the JIT feedback of another). Waits for `{type:"run", config}` and replies
 * `{type:"result", result}`.  Usage: `node --import tsx bench/codec/codec-child.ts <id>`
 */
import { BenchError } from "../lib/errors.ts";
import { runChild } from "../lib/parent-link.ts";
import { startProfiling } from "../lib/profiler.ts";
import { findCodecContender } from "./contenders.ts";
import { createSampleMessage, isSampleRoundTrip } from "./game-message.ts";
import { measureThroughput, readSink, type MeasureConfig } from "./measure.ts";

runChild(async (link) => {
  const id = process.argv[2] ?? "";
  const contender = findCodecContender(id);
  if (!contender) throw new BenchError("usage", `unknown codec contender '${id}'`);
  const command = await link.next();
  if (command.type !== "run") throw new BenchError("protocol", `codec child expected 'run', got '${command.type}'`);
  const config = command["config"] as MeasureConfig;
  const codec = await contender.load();
  const sample = createSampleMessage();
  const bytes = codec.encode(sample);
  if (!isSampleRoundTrip(codec.decode(bytes), sample)) {
    throw new BenchError("wrong-answer", `${contender.label}: decode(encode(sample)) differs from the sample`);
  }
  // Steady-state size (msgpackr records only embeds its structure the first time).
  const size = codec.encode(sample).length;
  const stopProfiling = await startProfiling();
  const encode = measureThroughput((n) => {
    let total = 0;
    for (let i = 0; i < n; i++) total += codec.encode(sample).length;
    return total;
  }, config);
  const steady = codec.encode(sample);
  const decode = measureThroughput((n) => {
    let total = 0;
    for (let i = 0; i < n; i++) if (codec.decode(steady) !== undefined) total++;
    return total;
  }, config);
  await stopProfiling();
  if (!isSampleRoundTrip(codec.decode(steady), sample))
    throw new BenchError("wrong-answer", `${contender.label}: round trip broke during the run`);
  link.send({
    type: "result",
    result: {
      bytes: size,
      encodeOpsPerSec: encode.opsPerSec,
      decodeOpsPerSec: decode.opsPerSec,
      encodeRounds: encode.rounds,
      decodeRounds: decode.rounds,
      sink: readSink(),
    },
  });
});
