/**
 * Issue 23, "backpressure for handlers": a peer that floods a connection with one-way messages or
 * requests for a handler that takes its time gets at most `limits.maxConcurrentRequests` handlers
 * running at once; the node stops reading that socket until handlers finish, and nothing is
 * dropped. Before the fix every frame started its handler at once (300,000 handlers, 594 MB).
 */
import { afterEach, describe, expect, it } from "vitest";
import { createCluster, listenerAddress } from "../../runtime/node/cluster.ts";
import { closeAll, node } from "../runtime/fixtures/calc-pair.ts";
import { waitFor } from "../runtime/helpers.ts";

afterEach(closeAll);

/** A handler that holds every request until released; counts them. */
function heldHandler(answer: boolean) {
  const state = { running: 0, most: 0, started: 0, done: 0, held: [] as Array<() => void> };
  const handler = (body: Uint8Array): Promise<Uint8Array | undefined> => {
    state.started++;
    state.running++;
    state.most = Math.max(state.most, state.running);
    return new Promise((resolve) => {
      state.held.push(() => {
        state.running--;
        state.done++;
        resolve(answer ? body : undefined);
      });
    });
  };
  /** Releases every held request (they finish; more may start). */
  const release = (): void => {
    const held = state.held;
    state.held = [];
    for (const done of held) done();
  };
  return { state, handler, release };
}

describe("backpressure for handlers", () => {
  it("a flood of one-way messages runs at most maxConcurrentRequests handlers at once; every message is handled", async () => {
    const limit = 64;
    const total = 6000;
    const server = node({ limits: { maxConcurrentRequests: limit } });
    const { state, handler, release } = heldHandler(false);
    server.handle(7, handler);
    const listener = await server.listen("127.0.0.1:0");
    const client = node();
    const peer = await client.connect(listenerAddress(listener));
    const body = new Uint8Array(16);
    for (let i = 0; i < total; i++) void client.sendRaw(peer, 7, body);
    await waitFor(() => state.running === limit, 10_000, "the limit reached");
    // Held at the limit: the server stops reading; released in rounds until every message was handled.
    while (state.done < total) {
      expect(state.running).toBeLessThanOrEqual(limit);
      release();
      await waitFor(() => state.held.length > 0 || state.done === total, 10_000, `more messages handled (${state.done}/${total})`);
    }
    expect(state.started).toBe(total);
    expect(state.most).toBeLessThanOrEqual(limit);
  });

  it("calls beyond the limit wait in TCP and are all answered, in full and correctly", async () => {
    const limit = 16;
    const total = 2000;
    const server = node({ limits: { maxConcurrentRequests: limit } });
    const { state, handler, release } = heldHandler(true);
    server.handle(8, handler);
    const listener = await server.listen("127.0.0.1:0");
    const client = node({ timeout: 60_000 });
    const peer = await client.connect(listenerAddress(listener));
    const calls = Array.from({ length: total }, (_, i) => client.callRaw(peer, 8, Buffer.from(`call ${i}`)));
    const timer = setInterval(release, 5);
    try {
      const replies = await Promise.all(calls);
      expect(replies.map((r) => Buffer.from(r).toString())).toEqual(calls.map((_, i) => `call ${i}`));
    } finally {
      clearInterval(timer);
    }
    expect(state.started).toBe(total);
    expect(state.most).toBeLessThanOrEqual(limit);
  });

  it("handlers abandoned at their handler timeout free their slot", async () => {
    const server = node({ limits: { maxConcurrentRequests: 2 }, handlerTimeout: 50 });
    let started = 0;
    // Never settles: only the handler timeout lets the next requests in.
    server.handle(9, () => {
      started++;
      return new Promise<undefined>(() => undefined);
    });
    const listener = await server.listen("127.0.0.1:0");
    const client = node();
    const peer = await client.connect(listenerAddress(listener));
    for (let i = 0; i < 10; i++) void client.sendRaw(peer, 9, new Uint8Array(1));
    await waitFor(() => started === 10, 10_000, "every message handled after the abandoned ones");
  });

  it("rejects a limit that is not a positive integer", () => {
    expect(() => createCluster({ limits: { maxConcurrentRequests: 0 } })).toThrowError(
      expect.objectContaining({ code: "invalid-argument" }),
    );
  });
});
