/**
 * The bounded registry fuzz (issue 23): a fixed seed and a few cases of adversarial values written
 * under the registry prefix on a real etcd while a caller calls by name (scripts/fuzz/registry.ts;
 * `npm run fuzz` runs it longer with fresh seeds).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRegistryFuzz, type RegistryFuzz } from "../../scripts/fuzz/registry.ts";
import { startEtcd, type EtcdServer } from "./support/etcd.ts";

let etcd: EtcdServer;
let fuzz: RegistryFuzz;

beforeAll(async () => {
  etcd = await startEtcd({ extraArgs: ["--max-request-bytes", String(16 * 1024 * 1024)] });
  fuzz = await createRegistryFuzz({ etcdUrl: etcd.url });
}, 30_000);

afterAll(async () => {
  await fuzz?.close();
  await etcd?.dispose();
}, 30_000);

describe("registry fuzz (bounded)", () => {
  it("a caller stays alive, right and bounded under adversarial registry values, and recovers once they are gone", async () => {
    const batch = await fuzz.run(12, 20261205);
    expect(batch.failure).toBeUndefined();
    expect(batch.runs).toBe(12);
    expect(fuzz.outcomes.get("ok") ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
