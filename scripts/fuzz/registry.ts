/**
 * The registry part of the fuzzing (issue 23): random and adversarial values written under a
 * service's registry prefix on a real etcd while a caller keeps calling the service by name. The
 * values are what anyone able to write one key could write: nested or huge `meta`, huge values,
 * random bytes, other JSON, bad or foreign addresses (refused ports, a server that answers garbage),
 * unknown wire versions, `__proto__` keys, ids with "/" or thousands of characters, bursts of keys,
 * and the real members' own keys overwritten.
 *
 * Checked after each case: the caller is alive (an uncaught throw ends the run), every answer it got
 * is right, its target holds at most `maxMembers` members with usable addresses; and once the
 * hostile keys are removed and the real members' values restored, the caller sees exactly the real
 * members again and every call succeeds (it never stays stale). `npm run fuzz` reports the heap
 * after each batch; the bounded version runs in the test suite (test/discovery/registry-fuzz.test.ts).
 */
import { createServer, type Server } from "node:net";
import { Etcd3, type IKeyValue } from "etcd3";
import fc from "fast-check";
import { CalcService, createCalcClient, type CalcClient } from "../../generated/calc.ts";
import { parseAddress } from "../../runtime/core/address.ts";
import type { Logger } from "../../runtime/core/logger.ts";
import { isClusterError } from "../../runtime/core/errors.ts";
import { createEtcdRegistry } from "../../runtime/discovery/etcd-registry.ts";
import type { Registry } from "../../runtime/discovery/registry.ts";
import type { ServiceTarget } from "../../runtime/discovery/service-target.ts";
import { createCluster } from "../../runtime/node/cluster.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import { memberOfSum, startCalcMember, type CalcMember } from "../../test/discovery/support/members.ts";

/** Options of {@link createRegistryFuzz}. */
export interface RegistryFuzzOptions {
  /** Client URL of an etcd that accepts requests of a few MiB (`--max-request-bytes`). */
  readonly etcdUrl: string;
  /** Members the caller's target may hold (small, so that bursts hit the cap); default 16. */
  readonly maxMembers?: number;
}

/** The outcome of one batch of cases. */
export interface RegistryFuzzBatch {
  readonly runs: number;
  /** fast-check's report when a case failed. */
  readonly failure?: string;
}

/** A running registry fuzz: members, a caller calling in a loop, a garbage server. */
export interface RegistryFuzz {
  /** Runs `numRuns` cases from `seed`. */
  run(numRuns: number, seed: number): Promise<RegistryFuzzBatch>;
  /** Calls the caller made so far, by outcome (`ok`, or an error code). */
  readonly outcomes: ReadonlyMap<string, number>;
  /** Stops the caller, the members and the servers; removes the keys. */
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
/** Call outcomes allowed while hostile values are present (a call may be routed to a bad address). */
const ALLOWED = new Set(["ok", "connect-failed", "closed", "protocol", "refused", "peer-closed"]);

// ---- what is written ----

type Addr = "real-0" | "real-1" | "refused" | "garbage" | { readonly text: string };
type Meta = { readonly json: unknown } | { readonly deep: number } | { readonly pad: number } | "proto" | "none";
type ValueSpec =
  | { readonly kind: "member"; readonly addr: Addr; readonly wire: string | undefined; readonly meta: Meta }
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "json"; readonly json: unknown }
  | { readonly kind: "huge"; readonly bytes: number };
type IdSpec = string | { readonly long: number } | "real-0" | "real-1";
type Op =
  | { readonly kind: "put" | "rewrite"; readonly id: IdSpec; readonly value: ValueSpec }
  | { readonly kind: "delete"; readonly id: IdSpec }
  | { readonly kind: "burst"; readonly count: number; readonly addr: Addr };

/** Text that can never be a host:port (no ":"), so no hostile address makes the caller resolve a name. */
const noColon = fc.string({ maxLength: 20 }).map((s) => s.replaceAll(":", ""));

const addrArb: fc.Arbitrary<Addr> = fc.oneof(
  fc.constantFrom<Addr>("real-0", "real-1", "refused", "garbage"),
  fc.constantFrom("127.0.0.1:0", "127.0.0.1:99999", "[::1]", "no-port", "", "::::").map((text) => ({ text })),
  noColon.map((text) => ({ text })),
);

const metaArb: fc.Arbitrary<Meta> = fc.oneof(
  fc.constant<Meta>("none"),
  fc.jsonValue({ maxDepth: 3 }).map((json) => ({ json })),
  fc.integer({ min: 20, max: 8000 }).map((deep) => ({ deep })),
  fc.integer({ min: 1, max: 80 * 1024 }).map((pad) => ({ pad })),
  fc.constant<Meta>("proto"),
);

const valueArb: fc.Arbitrary<ValueSpec> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("member" as const),
      addr: addrArb,
      wire: fc.option(fc.oneof(fc.constantFrom("silly-0.7.0", "silly-0.7.1"), fc.string({ maxLength: 12 })), { nil: undefined }),
      meta: metaArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("bytes" as const), bytes: fc.uint8Array({ maxLength: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("text" as const), text: fc.string({ maxLength: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("json" as const), json: fc.jsonValue({ maxDepth: 4 }) }) },
  // Past grpc-js' default receive limit (4 MiB) too: what a watch stream or a listing cannot take in one message.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("huge" as const), bytes: fc.integer({ min: 64 * 1024 + 1, max: 6 * MiB }) }) },
);

const idArb: fc.Arbitrary<IdSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("evil", "evil-2", "z", "0") },
  { weight: 2, arbitrary: fc.constantFrom<IdSpec>("real-0", "real-1") },
  { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).map((s) => `nested/${s}`) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 4000 }).map((long) => ({ long })) },
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("put" as const), id: idArb, value: valueArb }) },
  // The same value written twice (an update that compares a member with itself).
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("rewrite" as const), id: idArb, value: valueArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), id: idArb }) },
  // Many valid members at once: past the target's member cap.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("burst" as const), count: fc.integer({ min: 5, max: 60 }), addr: addrArb }) },
);

/** The cases: a few writes each. */
export const registryCases = fc.array(opArb, { minLength: 1, maxLength: 8 });

// ---- the rig ----

/** A logger that only counts (a fuzz run logs a lot; nothing is kept). */
function countingLogger(): Logger & { readonly count: number } {
  let n = 0;
  const add = (): void => void n++;
  return {
    debug: () => undefined,
    info: add,
    warn: add,
    error: add,
    get count() {
      return n;
    },
  };
}

/** A server that answers every connection with 8 bytes of garbage and closes it. */
async function garbageServer(): Promise<{ server: Server; address: string }> {
  const server = createServer((socket) => {
    socket.on("error", () => undefined);
    socket.end(Buffer.from([0x00, 0x03, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return { server, address: `127.0.0.1:${port}` };
}

function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

async function waitUntil(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Starts the rig: two real members, a garbage server, a caller calling by name in a loop. */
export async function createRegistryFuzz(options: RegistryFuzzOptions): Promise<RegistryFuzz> {
  const maxMembers = options.maxMembers ?? 16;
  const prefix = `/clusterc-fuzz-${process.pid}-${Date.now()}/`;
  const keyPrefix = `${prefix}services/calc/`;
  const inspect = new Etcd3({ hosts: options.etcdUrl });
  const registries: Registry[] = [];
  const registry = (logger: Logger): Registry => {
    const r = createEtcdRegistry({ hosts: options.etcdUrl, prefix, ttl: 10, logger });
    registries.push(r);
    return r;
  };
  const reals: CalcMember[] = [
    await startCalcMember(1, { registry: registry(countingLogger()) }),
    await startCalcMember(2, { registry: registry(countingLogger()) }),
  ];
  const realIds = reals.map((m) => m.announcement?.member.id as string);
  const originals: IKeyValue[] = [];
  for (const id of realIds) {
    const found = await inspect.get(keyPrefix + id).exec();
    originals.push(found.kvs[0] as IKeyValue);
  }
  const garbage = await garbageServer();
  const log = countingLogger();
  const caller: ClusterNode = createCluster({
    registry: registry(log),
    logger: log,
    timeout: 2000,
    reconnect: { initialDelay: 20, maxDelay: 500 },
  });
  const target: ServiceTarget = caller.service(CalcService, { maxMembers, eagerConnectLimit: 4 });
  const calc: CalcClient = createCalcClient(caller, target);
  await target.ready();

  // The call loop: runs for the whole fuzz; a wrong answer is a failure of the case that sees it.
  const outcomes = new Map<string, number>();
  const wrong: string[] = [];
  let stop = false;
  const loop = (async () => {
    for (let i = 0; !stop; i++) {
      let outcome = "ok";
      try {
        const sum = await calc.add({ a: i, b: 1 });
        const who = memberOfSum(sum.result, i, 1);
        if (who !== 1 && who !== 2) wrong.push(`add(${i}, 1) answered ${String(sum.result)}`);
      } catch (error) {
        outcome = isClusterError(error) ? error.code : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (!ALLOWED.has(outcome)) wrong.push(`add(${i}, 1) failed: ${outcome}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
  })();

  const addrText = (addr: Addr): string => {
    if (addr === "real-0") return reals[0]!.address;
    if (addr === "real-1") return reals[1]!.address;
    if (addr === "refused") return "127.0.0.1:1";
    if (addr === "garbage") return garbage.address;
    return addr.text;
  };
  const metaText = (meta: Meta): string | undefined => {
    if (meta === "none") return undefined;
    if (meta === "proto") return '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
    if ("deep" in meta) return deepJson(meta.deep);
    if ("pad" in meta) return JSON.stringify({ pad: "x".repeat(meta.pad) });
    return JSON.stringify(meta.json) ?? "null";
  };
  const render = (value: ValueSpec): Buffer => {
    switch (value.kind) {
      case "member": {
        const parts = [`"addr":${JSON.stringify(addrText(value.addr))}`];
        if (value.wire !== undefined) parts.push(`"wire":${JSON.stringify(value.wire)}`);
        const meta = metaText(value.meta);
        if (meta !== undefined) parts.push(`"meta":${meta}`);
        return Buffer.from(`{${parts.join(",")}}`);
      }
      case "bytes":
        return Buffer.from(value.bytes);
      case "text":
        return Buffer.from(value.text);
      case "json":
        return Buffer.from(JSON.stringify(value.json) ?? "null");
      case "huge":
        return Buffer.from(`{"addr":"127.0.0.1:1","meta":{"pad":"${"x".repeat(value.bytes)}"}}`);
    }
  };
  const keyOf = (id: IdSpec): string => {
    if (id === "real-0") return keyPrefix + realIds[0];
    if (id === "real-1") return keyPrefix + realIds[1];
    if (typeof id === "object") return keyPrefix + "L".repeat(id.long);
    return keyPrefix + id;
  };
  let burst = 0;
  const apply = async (op: Op): Promise<void> => {
    switch (op.kind) {
      case "delete":
        await inspect.delete().key(keyOf(op.id));
        return;
      case "put":
      case "rewrite": {
        const value = render(op.value);
        await inspect.put(keyOf(op.id)).value(value);
        if (op.kind === "rewrite") await inspect.put(keyOf(op.id)).value(value);
        return;
      }
      case "burst": {
        const value = render({ kind: "member", addr: op.addr, wire: undefined, meta: "none" });
        const round = ++burst;
        await Promise.all(Array.from({ length: op.count }, (_, i) => inspect.put(`${keyPrefix}burst-${round}-${i}`).value(value)));
      }
    }
  };
  /** Removes every hostile key and puts the real members' values back (under their leases). */
  const restore = async (): Promise<void> => {
    const keys = await inspect.getAll().prefix(prefix).keys();
    const real = new Set(realIds.map((id) => keyPrefix + id));
    await Promise.all(keys.filter((k) => !real.has(k)).map((k) => inspect.delete().key(k)));
    for (const kv of originals) await inspect.put(kv.key).value(kv.value).lease(kv.lease);
  };
  let canaries = 0;
  /** The checks of one case (see the file comment). */
  const check = async (): Promise<void> => {
    if (wrong.length > 0) throw new Error(`wrong answers: ${wrong.slice(0, 5).join("; ")}`);
    const held = target.members();
    if (held.length > maxMembers) throw new Error(`the target holds ${held.length} members (max ${maxMembers})`);
    for (const m of held) parseAddress(m.addr);
    // The watch is not blind while the hostile values are there: a member written now is seen (when there is room for it).
    if (held.length < maxMembers - 1) {
      const canary = `canary-${++canaries}`;
      await inspect.put(keyPrefix + canary).value(JSON.stringify({ addr: reals[0]!.address }));
      await waitUntil(
        () => target.members().some((m) => m.id === canary),
        15_000,
        `the caller sees ${canary}, written after the case's values`,
      );
    }
    await restore();
    const realAddrs = reals.map((m) => m.address).sort();
    await waitUntil(
      () => {
        const now = target.members();
        return (
          now.length === 2 &&
          now.every((m) => realIds.includes(m.id)) &&
          now
            .map((m) => m.addr)
            .sort()
            .join() === realAddrs.join()
        );
      },
      15_000,
      `the caller sees exactly the real members again (it holds ${target
        .members()
        .map((m) => m.id.slice(0, 30))
        .join(", ")})`,
    );
    // Both members answer, whatever state their peers were left in by the case.
    const seen = new Set<number>();
    const errors: string[] = [];
    // In batches made at once: sequential calls would alternate with the call loop's under round-robin.
    for (let round = 0; round < 10 && seen.size < 2; round++) {
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => calc.add({ a: i, b: 2 })));
      results.forEach((r, i) => {
        if (r.status === "fulfilled") seen.add(memberOfSum(r.value.result, i, 2));
        else errors.push(r.reason instanceof Error ? r.reason.message : String(r.reason));
      });
      if (seen.size < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (seen.size !== 2) {
      const state = target.members().map((m) => `${m.id}:${m.state}:${m.connected}`);
      throw new Error(
        `after restoring, calls reached members ${[...seen].join(", ")} only (${state.join(" ")}; ${errors.slice(0, 3).join("; ")})`,
      );
    }
  };

  return {
    outcomes,
    async run(numRuns, seed) {
      const property = fc.asyncProperty(registryCases, async (ops) => {
        for (const op of ops) await apply(op);
        // Let the caller's watch take the writes in while the calls go on.
        await new Promise((resolve) => setTimeout(resolve, 100));
        await check();
      });
      const details = await fc.check(property, { numRuns, seed, endOnFailure: true });
      if (!details.failed) return { runs: details.numRuns };
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      return {
        runs: details.numRuns,
        failure: `registry-values: ${error}\nseed ${details.seed}, path "${details.counterexamplePath ?? ""}"\ncounterexample: ${fc.stringify(details.counterexample).slice(0, 2000)}`,
      };
    },
    async close() {
      stop = true;
      await loop;
      await caller.shutdown();
      await Promise.all(reals.map((m) => m.node.shutdown()));
      await Promise.all(registries.map((r) => r.close()));
      await inspect.delete().prefix(prefix);
      inspect.close();
      await new Promise<void>((resolve) => garbage.server.close(() => resolve()));
    },
  };
}
