/**
 * A handler abandoned at its handler timeout, on real sockets and both silly wires: in a method
 * that declares `[errors]` its caller is answered at once with code -1 naming the timeout (long
 * before the call's own 30 s timeout); in a method without `[errors]` nothing is sent, as before,
 * and the caller waits out its own timeout.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createBankClient, isBankError, serveBank } from "../../../generated/bank.ts";
import { createCalcClient, serveCalc } from "../../../generated/calc.ts";
import { createCluster, listenerAddress } from "../../../runtime/node/cluster.ts";
import { isClusterError } from "../../../runtime/core/errors.ts";
import { REMOTE_INTERNAL } from "../../../runtime/core/remote-error.ts";
import type { ClusterNode } from "../../../runtime/node/cluster-node.ts";
import { createMemoryLogger, waitFor } from "../helpers.ts";

const nodes: ClusterNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.shutdown()));
});

/** A handler that never settles. */
const never = (): Promise<never> => new Promise<never>(() => undefined);

describe.each(["silly-0.7.0", "silly-0.7.1"] as const)("handler timeout on %s", (wire) => {
  it("an [errors] method's abandoned handler is answered at once with code -1; a method without [errors] sends nothing", async () => {
    const serverLog = createMemoryLogger();
    const server = createCluster({ wire, logger: serverLog, handlerTimeout: 200 });
    const client = createCluster({ wire, logger: createMemoryLogger(), timeout: 30_000 });
    nodes.push(server, client);
    serveBank(server, { transfer: () => ({ balance: 1 }), balance: never });
    serveCalc(server, { add: ({ a = 0, b = 0 }) => ({ result: a + b }), slowAdd: never, notify() {} });
    const peer = await client.connect(listenerAddress(await server.listen("127.0.0.1:0")));

    // Caught whenever it settles; the bounded wait below only needs it settled before the 30 s call timeout.
    let outcome: { error?: unknown } | undefined;
    createBankClient(client, peer)
      .balance({ account: "a" })
      .then(
        () => (outcome = {}),
        (error: unknown) => (outcome = { error }),
      );
    await waitFor(() => outcome !== undefined, 10_000, "the [errors] call to be answered");
    const error = outcome?.error;
    expect(isBankError(error)).toBe(true);
    if (!isBankError(error)) return;
    expect(error.code).toBe(REMOTE_INTERNAL);
    expect(error.detail).toBe("handler timed out after 200 ms");
    expect(serverLog.lines.some((l) => l.message === "handler timed out, abandoned, answered with code -1")).toBe(true);

    // Without [errors]: abandoned with no response; the caller's own (short) timeout ends the call.
    const calc = createCalcClient(client, peer);
    const unanswered = calc.slowAdd({ a: 1, b: 2 }, { timeout: 3000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await waitFor(
      () => serverLog.lines.some((l) => l.message === "handler timed out, abandoned, no response sent"),
      10_000,
      "the calc handler to be abandoned",
    );
    expect(isClusterError(await unanswered, "timeout")).toBe(true);
    // The connection still works.
    await expect(calc.add({ a: 2, b: 3 })).resolves.toEqual({ result: 5 });
  });
});
