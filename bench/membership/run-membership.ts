/**
 * The membership part (issues 21 and 23): service discovery with 10 to 5,000 members of one
 * service, in a static registry and (up to 1,000) in etcd. One calc server child (pinned to the
 * server CPU) answers for every member; one caller child per N and registry (pinned to the
 * client CPU, a fresh process each, see scale-child.ts) measures. etcd is started here on
 * loopback ports with a temporary data directory and stopped at the end; without an `etcd`
 * binary the etcd runs are reported unavailable.
 */
import { spawnSync } from "node:child_process";
import { startEtcd, type EtcdServer } from "../../test/discovery/support/etcd.ts";
import { spawnChild } from "../lib/children.ts";
import { childEnv, type BenchContext } from "../lib/context.ts";
import { BenchError, describeError } from "../lib/errors.ts";
import type { BenchScale } from "../lib/options.ts";
import { prepareCalcModule } from "../rpc/clusterc.ts";
import { startServerChild } from "../rpc/run-rpc.ts";
import type { MembershipResult, MembershipRun, ScaleConfig, ScaleResult } from "./scale.ts";

/** Member counts and timing per scale. */
export function membershipPlan(scale: BenchScale): {
  staticN: readonly number[];
  etcdN: readonly number[];
  timing: Pick<ScaleConfig, "changes" | "changesPerSec" | "warmupMs" | "callMs">;
} {
  switch (scale) {
    case "full":
      return {
        staticN: [10, 100, 1000, 5000],
        etcdN: [10, 100, 1000],
        timing: { changes: 12, changesPerSec: 10, warmupMs: 300, callMs: 1000 },
      };
    case "quick":
      return { staticN: [10, 100, 1000], etcdN: [10, 100], timing: { changes: 8, changesPerSec: 10, warmupMs: 100, callMs: 500 } };
    case "smoke":
      return { staticN: [10], etcdN: [], timing: { changes: 2, changesPerSec: 10, warmupMs: 20, callMs: 100 } };
  }
}

function hasEtcd(): boolean {
  return spawnSync("sh", ["-c", "command -v etcd"], { encoding: "utf8" }).status === 0;
}

/** Runs the membership part. */
export async function runMembershipPart(context: BenchContext, log: (line: string) => void): Promise<MembershipResult> {
  const plan = membershipPlan(context.options.scale);
  const calc = prepareCalcModule();
  if (calc.startsWith("no generated")) throw new BenchError("unavailable", calc);
  const server = await startServerChild(context, "clusterc-0.7.0", "membership");
  let etcd: EtcdServer | undefined;
  let etcdError: string | undefined;
  const runs: MembershipRun[] = [];
  try {
    if (plan.etcdN.length > 0) {
      if (!hasEtcd()) etcdError = "no etcd binary on PATH (Debian: etcd-server)";
      else {
        try {
          etcd = await startEtcd();
        } catch (err) {
          etcdError = `etcd did not start: ${describeError(err)}`;
        }
      }
    }
    const jobs = [
      ...plan.staticN.map((n) => ({ n, registry: "static" as const })),
      ...plan.etcdN.map((n) => ({ n, registry: "etcd" as const })),
    ];
    for (const { n, registry } of jobs) {
      if (registry === "etcd" && etcd === undefined) {
        runs.push({ n, registry, status: "unavailable", error: etcdError ?? "no etcd" });
        continue;
      }
      log(`membership: ${n} members, ${registry} registry …`);
      const config: ScaleConfig = {
        n,
        registry,
        ...(etcd ? { etcdUrl: etcd.url } : {}),
        addr: `127.0.0.1:${server.port}`,
        ...plan.timing,
      };
      const child = spawnChild({
        script: "bench/membership/scale-child.ts",
        label: `membership-${registry}-${n}`,
        nodeFlags: ["--expose-gc"],
        env: childEnv(context, `membership-${registry}-${n}`),
        verbose: context.options.verbose,
        ...(context.placement.clientCpu === undefined ? {} : { cpu: context.placement.clientCpu }),
      });
      try {
        child.send({ type: "run", config: { ...config } });
        const message = await child.expect("result", 120_000 + n * 200 + 3 * 4 * plan.timing.callMs);
        runs.push({ n, registry, status: "ok", result: message["result"] as ScaleResult });
      } catch (err) {
        const error = describeError(err);
        log(`membership: ${n} members, ${registry}: failed: ${error}`);
        runs.push({ n, registry, status: "failed", error });
      } finally {
        await child.stop();
      }
    }
  } finally {
    await server.child.stop();
    await etcd?.dispose();
  }
  return { changesPerSec: plan.timing.changesPerSec, callMs: plan.timing.callMs, runs };
}
