/**
 * The gray-failure figures of the README table: 3 members, 32 caller loops calling by name with a
 * 500 ms timeout; one member black-holed for 20 s (`blackhole`: cut from everyone, etcd included, so
 * its lease runs out too), cut from the caller only for 20 s (`cut`: still in etcd), stopped
 * (SIGSTOP) for 10 s (`stop`). Needs root (network namespaces) and etcd.
 * Usage: `npx tsx scripts/gray-numbers.ts [blackhole|cut|stop]...` (default all three).
 */
import { startGrayCluster } from "../test/gray/support/gray-cluster.ts";
import { faultFigures, invariantViolations } from "../test/gray/support/gray-figures.ts";

const TIMEOUT = 500;
const scenarios = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["blackhole", "cut", "stop"];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

for (const scenario of scenarios) {
  const length = scenario === "stop" ? 10_000 : 20_000;
  const [on, off] =
    scenario === "blackhole"
      ? (["blackhole", "restore"] as const)
      : scenario === "cut"
        ? (["cut", "heal"] as const)
        : (["stop", "cont"] as const);
  const cluster = await startGrayCluster({ loops: 32, timeout: TIMEOUT, pace: 5, ttl: 10 });
  try {
    cluster.go();
    await sleep(3000);
    const from = Date.now();
    await cluster.apply({ at: 0, action: on, target: "m1", peer: "caller" });
    await sleep(length);
    const to = Date.now();
    await cluster.apply({ at: 0, action: off, target: "m1", peer: "caller" });
    await sleep(15_000);
    const result = await cluster.stop();
    const figures = faultFigures(result, cluster.events(), 1, { from, to, until: to + 15_000 });
    console.log(
      JSON.stringify({
        scenario,
        length,
        calls: result.calls,
        failedInRun: result.failed,
        ...figures,
        violations: invariantViolations(result, TIMEOUT),
      }),
    );
    console.log(
      cluster
        .events()
        .map((e) => `${e.t - from} ${e.type} ${e.member} ${e.reason ?? ""}`)
        .join("\n"),
    );
  } finally {
    await cluster.dispose();
  }
}
