/**
 * `npm run chaos`: a long seeded chaos run (support in test/gray/support/chaos.ts) against etcd,
 * three members and a caller in network namespaces (needs root and etcd). It prints its plan and
 * exits 1 when an invariant broke. Usage: `npm run chaos -- [seconds (default 60)] [seed]`.
 */
import { runChaos } from "../test/gray/support/chaos.ts";

const seconds = Number(process.argv[2] ?? 60);
const seed = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
if (!(seconds >= 10) || !Number.isInteger(seed)) {
  console.error("usage: npm run chaos -- [seconds >= 10] [integer seed]");
  process.exit(2);
}
const outcome = await runChaos({ seed, duration: seconds * 1000, loops: 32, timeout: 500, print: (line) => console.log(line) });
console.log(
  outcome.violations.length === 0
    ? `chaos: OK (seed ${seed})`
    : `chaos: FAILED (seed ${seed}), replay with: npm run chaos -- ${seconds} ${seed}`,
);
process.exit(outcome.violations.length === 0 ? 0 : 1);
