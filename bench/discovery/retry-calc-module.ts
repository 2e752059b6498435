/**
 * The generated module of `bench/schemas/retry-calc.zp` (service `retry_calc`: `add_retry`
 * `[idempotent]`, `add_checked` `[errors idempotent]`), for the discovery part's idempotent rows.
 * The parent generates it with the real CLI into the git-ignored `bench/.gen/retry-calc/`
 * ({@link prepareRetryCalcModule}); the children import it ({@link importRetryCalc}), typed by the
 * few exports they use.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { ClusterNode, Peer } from "@clusterc/runtime";
import { REPO_ROOT } from "../lib/children.ts";
import { runClustercGen } from "../lib/clusterc-gen.ts";
import { BenchError } from "../lib/errors.ts";

/** The service name the members serve. */
export const RETRY_CALC_SERVICE = "retry_calc";

/** Where the module is generated. */
const RETRY_CALC_DIR = path.join(REPO_ROOT, "bench", ".gen", "retry-calc");

/** `a + b` as both methods take it. */
interface AddPair {
  a?: number;
  b?: number;
}

/** The exports of the generated module the discovery children use. */
export interface RetryCalcModule {
  readonly createRetryCalcClient: (
    node: ClusterNode,
    peer: Peer,
  ) => {
    addRetry(request: AddPair): Promise<{ result?: number }>;
    addChecked(request: AddPair): Promise<{ result?: number }>;
  };
  readonly serveRetryCalc: (
    node: ClusterNode,
    impl: {
      addRetry(request: AddPair): { result: number };
      addChecked(request: AddPair): { result: number };
    },
  ) => unknown;
}

/** Generates the module (unless fresh); throws `BenchError` when the CLI fails. Returns a description for the report. */
export function prepareRetryCalcModule(): string {
  const error = runClustercGen("bench/schemas/retry-calc.zp", RETRY_CALC_DIR);
  if (error !== undefined) throw new BenchError("unavailable", `no generated retry_calc module (${error})`);
  return "bench/.gen/retry-calc (clusterc gen bench/schemas/retry-calc.zp)";
}

/** Imports the module the parent generated. */
export async function importRetryCalc(): Promise<RetryCalcModule> {
  return (await import(pathToFileURL(path.join(RETRY_CALC_DIR, "retry-calc.ts")).href)) as RetryCalcModule;
}
