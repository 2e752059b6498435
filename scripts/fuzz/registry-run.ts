/**
 * The registry part of `npm run fuzz`: starts an etcd on loopback (taking requests of up to 16 MiB,
 * so that huge values can be written), runs {@link createRegistryFuzz} in batches with fresh seeds
 * for a time budget, and prints the cases run, the caller's call outcomes and its heap.
 */
import { spawnSync } from "node:child_process";
import { startEtcd } from "../../test/discovery/support/etcd.ts";
import { createRegistryFuzz } from "./registry.ts";

/** What the run did (the shape of the other targets' tallies). */
export interface RegistryTally {
  readonly name: string;
  runs: number;
  batches: number;
  failure?: string;
}

/** Runs the registry fuzz for `seconds` from `seed`; undefined (with a note) when etcd is not installed. */
export async function fuzzRegistryFor(seconds: number, seed: number): Promise<RegistryTally | undefined> {
  if (!(seconds > 0)) return undefined;
  if (spawnSync("etcd", ["--version"], { stdio: "ignore" }).status !== 0) {
    process.stdout.write("registry-values: skipped (etcd is not installed: apt-get install etcd-server)\n");
    return undefined;
  }
  const etcd = await startEtcd({ extraArgs: ["--max-request-bytes", String(16 * 1024 * 1024)] });
  const tally: RegistryTally = { name: "registry-values", runs: 0, batches: 0 };
  try {
    const fuzz = await createRegistryFuzz({ etcdUrl: etcd.url });
    const heap0 = process.memoryUsage().heapUsed;
    let heapMax = heap0;
    const end = Date.now() + seconds * 1000;
    let next = seed;
    do {
      const batch = await fuzz.run(10, next++);
      tally.runs += batch.runs;
      tally.batches++;
      heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
      if (batch.failure !== undefined) {
        tally.failure = batch.failure;
        break;
      }
    } while (Date.now() < end);
    await fuzz.close();
    const calls = [...fuzz.outcomes].map(([outcome, n]) => `${outcome} ${n}`).join(", ");
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
    process.stdout.write(
      `${tally.name}: ${tally.runs} cases${tally.failure !== undefined ? " FAILED" : ""}; calls: ${calls}; heap ${mb(heap0)} -> max ${mb(heapMax)}\n`,
    );
  } finally {
    await etcd.dispose();
  }
  return tally;
}
