/**
 * Errors declared in the schema, on real sockets and real member processes, on both silly wires:
 * a handler's RemoteError reaches the caller typed and at once (well before a 30 s timeout), an
 * uncaught throw is answered at once with code -1, metrics and the interceptor context see the
 * code and the marking; an `[idempotent]` method survives its member killed mid-call through a
 * retry on another member while a method without the marking does not retry; an idempotent
 * call's first attempt takes the fast path of an unmarked one and a stopped member's attempt is
 * retried within its share of the timeout; and the retry budget holds under a storm of timeouts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { BankErrors, BankService, createBankClient, isBankError } from "../../generated/bank.ts";
import { createCluster } from "../../runtime/node/cluster.ts";
import { createStaticRegistry } from "../../runtime/discovery/static-registry.ts";
import { isClusterError } from "../../runtime/core/errors.ts";
import { REMOTE_INTERNAL, RemoteError } from "../../runtime/core/remote-error.ts";
import { createServiceClient } from "../../runtime/rpc/client.ts";
import type { Interceptor } from "../../runtime/call/interceptor.ts";
import type { ClusterOptions } from "../../runtime/node/cluster-options.ts";
import type { ClusterNode } from "../../runtime/node/cluster-node.ts";
import type { ServiceTarget } from "../../runtime/discovery/service-target.ts";
import type { WireVersion } from "../../runtime/wire/frames.ts";
import { createMemoryLogger, waitFor } from "../runtime/helpers.ts";
import { killBankMembers, startBankMember, type BankMember } from "./support/bank-members.ts";

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
  await killBankMembers();
});

/** A calling node with a 30 s default timeout: an answer that waited for it would fail the bounded waits below. */
function caller(wire: WireVersion, options: ClusterOptions = {}): ClusterNode {
  const n = createCluster({ wire, logger: createMemoryLogger(), timeout: 30_000, ...options });
  nodes.push(n);
  return n;
}

const LATE = Symbol("late");

/** How `p` settled within `ms` (a bounded wait, not a timing assertion): its value, its error, or LATE. */
async function settledWithin<T>(p: Promise<T>, ms: number): Promise<{ value?: T; error?: unknown } | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
  });
  const outcome = p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  try {
    return await Promise.race([outcome, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function target(
  node: ClusterNode,
  members: readonly BankMember[],
  options: Parameters<ClusterNode["service"]>[1] = {},
): Promise<ServiceTarget> {
  const registry = createStaticRegistry({ services: { bank: members.map((m) => m.address) } });
  const t = node.service(BankService, { registry, outlier: false, ...options });
  await t.ready();
  await waitFor(() => t.connected && t.members().length === members.length, 10_000, "members connected");
  return t;
}

/** Counts the calls of `target` that go through its slow path, route() (from now on). */
function countRoutes(target: ServiceTarget): () => number {
  const impl = target as unknown as { route: (...args: unknown[]) => Promise<unknown> };
  const route = impl.route.bind(target);
  let routed = 0;
  impl.route = (...args) => {
    routed++;
    return route(...args);
  };
  return () => routed;
}

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("declared errors on %s", (wire) => {
  it("a handler's RemoteError reaches the caller typed, long before the call's 30 s timeout", async () => {
    const member = await startBankMember(wire);
    const outcomes: string[] = [];
    const seen: Array<boolean | undefined> = [];
    const marking: Interceptor = (next) => (request, ctx) => {
      if (ctx.side === "client") seen.push(ctx.idempotent, ctx.method?.idempotent);
      return next(request, ctx);
    };
    const node = caller(wire, {
      interceptors: [marking],
      metrics: { method: () => ({ started() {}, finished: (outcome: string) => outcomes.push(outcome) }) },
    });
    const bank = createBankClient(node, await node.connect(member.address));
    const settled = await settledWithin(bank.transfer({ from: "a", to: "b", amount: 500 }), 10_000);
    expect(settled).not.toBe(LATE);
    const error = (settled as { error?: unknown }).error;
    expect(error).toBeInstanceOf(RemoteError);
    if (!isBankError(error)) throw new Error("not a bank error");
    expect(error.code).toBe(BankErrors.insufficientFunds);
    expect(error.detail).toBe("cannot move 500");
    expect(error.method).toBe("transfer");
    expect(outcomes).toContain("remote:1");
    // A success still resolves, and the interceptor context shows which method may be retried.
    await expect(bank.transfer({ amount: 30 })).resolves.toMatchObject({ balance: 70 });
    await bank.balance({ account: "a" });
    expect(seen).toEqual([false, undefined, false, undefined, true, true]);
  });

  it("an uncaught throw in a method that declares errors is answered at once with code -1", async () => {
    const member = await startBankMember(wire);
    const node = caller(wire);
    const bank = createBankClient(node, await node.connect(member.address));
    const settled = await settledWithin(bank.transfer({ amount: -1 }), 10_000);
    expect(settled).not.toBe(LATE);
    const error = (settled as { error?: unknown }).error;
    expect(isBankError(error) && error.code).toBe(REMOTE_INTERNAL);
    expect((error as RemoteError).detail).toBe("internal error");
  });

  it("an idempotent method survives its member killed mid-call (retried on the other); an unmarked one does not retry", async () => {
    const members = [await startBankMember(wire), await startBankMember(wire)];
    const node = caller(wire);
    const t = await target(node, members);
    const bank = createBankClient(node, t);
    // Settled-within starts now: the outcome is caught whenever it comes.
    const call = settledWithin(bank.balance({ account: "x", delayMs: 1500 }), 30_000);
    await waitFor(() => members.some((m) => m.balances() === 1), 10_000, "the first attempt to arrive");
    const [first, other] = members[0]!.balances() === 1 ? [members[0]!, members[1]!] : [members[1]!, members[0]!];
    await first.kill();
    const settled = await call;
    expect(settled).not.toBe(LATE);
    expect((settled as { error?: unknown }).error).toBeUndefined();
    expect(other.balances()).toBe(1);

    // The same method without the marking: the lost connection fails the call, nothing is retried.
    const survivor = await startBankMember(wire);
    const unmarked = { ...BankService, methods: { balance: { ...BankService.methods.balance, idempotent: undefined } } };
    const node2 = caller(wire);
    const t2 = await target(node2, [other, survivor]);
    const client2 = createServiceClient(node2, t2, unmarked);
    const before = other.balances() + survivor.balances();
    const lost = settledWithin(client2.balance({ account: "y", delayMs: 1500 }), 30_000);
    await waitFor(() => other.balances() + survivor.balances() === before + 1, 10_000, "the unmarked call to arrive");
    const hit = other.balances() > 1 ? other : survivor;
    await hit.kill();
    const failed = await lost;
    expect(failed).not.toBe(LATE);
    expect(isClusterError((failed as { error?: unknown }).error, "closed")).toBe(true);
    expect(other.balances() + survivor.balances()).toBe(before + 1);
  });

  it("an idempotent call takes an unmarked call's fast path (no route()); an attempt on a stopped member is retried within its share of the timeout", async () => {
    const members = [await startBankMember(wire), await startBankMember(wire)];
    const node = caller(wire);
    const t = await target(node, members, { retries: 1 });
    const routed = countRoutes(t);
    const bank = createBankClient(node, t);
    for (let i = 0; i < 20; i++) await bank.balance({ account: `f${i}` });
    expect(routed()).toBe(0);
    expect(t.retryTokens).toBe(10);

    // One member stopped (SIGSTOP): an attempt that reaches it times out after its share (half of 4 s)
    // and the call is retried on the other member in what is left; a first attempt given the whole
    // 4 s would leave no time to retry.
    members[0]!.child.kill("SIGSTOP");
    const calls = Array.from({ length: 4 }, (_, i) => settledWithin(bank.balance({ account: `s${i}` }, { timeout: 4000 }), 20_000));
    for (const settled of await Promise.all(calls)) {
      expect(settled).not.toBe(LATE);
      expect((settled as { error?: unknown }).error).toBeUndefined();
    }
    // The calls whose first attempt hit the stopped member took a token each; none went through route().
    expect(t.retryTokens).toBeLessThan(10);
    expect(routed()).toBe(0);
  });

  it("the retry budget holds under a storm of timeouts (attempts counted on the members)", async () => {
    const members = [await startBankMember(wire), await startBankMember(wire)];
    const node = caller(wire);
    const t = await target(node, members, { attemptTimeout: 300 });
    const bank = createBankClient(node, t);
    const calls = 40;
    const results = await Promise.allSettled(
      Array.from({ length: calls }, (_, i) => bank.balance({ account: `s${i}`, delayMs: 600_000 }, { timeout: 3000 })),
    );
    expect(results.every((r) => r.status === "rejected" && isClusterError(r.reason, "timeout"))).toBe(true);
    const attempts = (): number => members[0]!.balances() + members[1]!.balances();
    await waitFor(() => attempts() >= calls, 10_000, "every first attempt to arrive");
    // 10 tokens, a retry only while more than 5 are left: at most 4 retries, whatever the storm (3 x 40 without a budget).
    expect(attempts()).toBeGreaterThan(calls);
    expect(attempts()).toBeLessThanOrEqual(calls + 4);
    expect(t.retryTokens).toBeLessThanOrEqual(5);
  });
});
