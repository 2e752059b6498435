/**
 * `npm run fuzz -- --seconds N [--seed S] [--random-schemas R] [--registry-seconds M]`: long fuzz run
 * of the frame decoder (both wire versions), every generated zproto decoder (plain and packed), the
 * schema compiler, and then (when `etcd` is installed) M more seconds (default max(10, N/4)) of
 * adversarial registry values under a caller (scripts/fuzz/registry.ts). Prints the cases run per
 * target; exits 1 on the first failure, with its seed and counterexample.
 */
import { parseArgs } from "node:util";
import { createAllTargets } from "./fuzz/all-targets.ts";
import { fuzzRegistryFor } from "./fuzz/registry-run.ts";
import { runFuzz } from "./fuzz/run.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    seed: { type: "string" },
    "random-schemas": { type: "string", default: "24" },
    "registry-seconds": { type: "string" },
  },
});
const seconds = Number(values.seconds);
if (!(seconds > 0)) {
  process.stderr.write(`fuzz: --seconds must be a positive number, got ${values.seconds}\n`);
  process.exit(2);
}
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 0x7fffffff;
const setup = await createAllTargets({ randomSchemas: Number(values["random-schemas"]) });
process.stdout.write(`fuzz: ${seconds} s over ${setup.targets.length} targets, ${setup.codecCount} generated codecs, first seed ${seed}\n`);
const tallies = runFuzz({
  targets: setup.targets,
  seconds,
  seed,
  onTarget: (t) => process.stdout.write(`${t.name}: ${t.runs} cases${t.failure !== undefined ? " FAILED" : ""}\n`),
});
setup.cleanup();
const total = tallies.reduce((n, t) => n + t.runs, 0);
process.stdout.write(`total: ${total} cases\n`);
const registry = await fuzzRegistryFor(Number(values["registry-seconds"] ?? Math.max(10, seconds / 4)), seed);
if (registry !== undefined) tallies.push(registry);
const failed = tallies.filter((t) => t.failure !== undefined);
for (const t of failed) process.stdout.write(`\n${t.failure}\n`);
process.exit(failed.length > 0 ? 1 : 0);
