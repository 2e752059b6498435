import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ClusterError, isClusterError } from "../../../runtime/index.ts";
import { createTimerWheel, now } from "../../../runtime/core/deadline.ts";
import { PendingCall, SessionTable, startPendingCall, createSessionCounter } from "../../../runtime/connection/sessions.ts";
import { delay, waitFor } from "../helpers.ts";

const nextTick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

describe("session table slots", () => {
  it("matches a map of live calls under any mix of opening and settling (ids stay unique)", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("open" as const), count: fc.integer({ min: 1, max: 90 }) }),
      fc.record({ kind: fc.constant("settle" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("stray" as const), session: fc.integer({ min: 0, max: 0x7fffffff }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), fc.array(op, { maxLength: 40 }), (first, ops) => {
        const wheel = createTimerWheel();
        const table = new SessionTable({ wheel, clock: now, peer: "p:1", firstSession: first });
        const live = new Map<number, { settled: Uint8Array[] }>();
        for (const o of ops) {
          if (o.kind === "open") {
            for (let i = 0; i < o.count; i++) {
              const session = table.nextSession();
              expect(live.has(session)).toBe(false);
              const record = { settled: [] as Uint8Array[] };
              live.set(session, record);
              new PendingCall(
                table,
                session,
                (body) => void record.settled.push(body),
                () => undefined,
                0,
                undefined,
              );
            }
          } else if (o.kind === "settle" && live.size > 0) {
            const sessions = [...live.keys()];
            const session = sessions[o.pick % sessions.length]!;
            const body = Uint8Array.of(session & 0xff);
            const record = live.get(session)!;
            expect(table.resolve(session, body)).toBe(true);
            expect(record.settled).toEqual([body]);
            expect(table.resolve(session, body)).toBe(false);
            live.delete(session);
          } else if (o.kind === "stray") {
            expect(table.resolve(o.session, new Uint8Array())).toBe(live.has(o.session));
            live.delete(o.session);
          }
          expect(table.size).toBe(live.size);
        }
        table.rejectAll(new ClusterError("closed", "end of run"));
        expect(table.size).toBe(0);
        wheel.close();
      }),
      { numRuns: 60 },
    );
  });

  it("decodes the response in the resolve path and rejects with what the decoder throws", async () => {
    const wheel = createTimerWheel();
    const table = new SessionTable({ wheel, clock: now, peer: "p:1" });
    const decoder = {
      decodePacked(body: Uint8Array): number {
        if (body.length === 0) throw new RangeError("empty");
        return body[0]! * 2;
      },
    };
    const ok = startPendingCall(table, 1, 0, undefined, decoder);
    const bad = startPendingCall(table, 2, 0, undefined, decoder);
    const raw = startPendingCall(table, 3, 0, undefined, undefined);
    table.resolve(1, Uint8Array.of(21));
    table.resolve(2, new Uint8Array());
    table.resolve(3, Uint8Array.of(9));
    expect(await ok).toBe(42);
    await expect(bad).rejects.toThrow(RangeError);
    expect(await raw).toEqual(Uint8Array.of(9));
    expect(table.size).toBe(0);
    wheel.close();
  });
});

describe("default-timeout calls share one clock read per tick", () => {
  it("stamps the calls of a tick once, after they were made, and never expires them early", async () => {
    const wheel = createTimerWheel({ resolution: 5 });
    let reads = 0;
    const clock = (): number => {
      reads++;
      return now();
    };
    const table = new SessionTable({ wheel, clock, peer: "p:1", defaultTimeout: 60 });
    const started = now();
    const outcomes: Array<Promise<number>> = [];
    for (let i = 0; i < 100; i++) {
      const settled = startPendingCall(table, table.nextSession(), 60, undefined, undefined);
      outcomes.push(
        settled.then(
          () => -1,
          (error: unknown) => (isClusterError(error, "timeout") ? now() - started : -2),
        ),
      );
    }
    // A call with another timeout still reads the clock itself.
    const custom = startPendingCall(table, table.nextSession(), 30, undefined, undefined).catch((e: unknown) => e);
    expect(reads).toBe(1);
    await nextTick();
    expect(reads).toBe(2);
    expect(wheel.size).toBe(2); // the custom call and the table's sweep
    const elapsed = await Promise.all(outcomes);
    for (const ms of elapsed) expect(ms).toBeGreaterThanOrEqual(59);
    expect(isClusterError(await custom, "timeout")).toBe(true);
    expect(table.size).toBe(0);
    expect(wheel.size).toBe(0);
    wheel.close();
  });

  it("a response before the end of the tick leaves nothing scheduled", async () => {
    const wheel = createTimerWheel();
    const table = new SessionTable({ wheel, clock: now, peer: "p:1", defaultTimeout: 1000 });
    const session = table.nextSession();
    const settled = startPendingCall(table, session, 1000, undefined, undefined);
    table.resolve(session, Uint8Array.of(1));
    await nextTick();
    expect(await settled).toEqual(Uint8Array.of(1));
    expect(wheel.size).toBe(0);
    wheel.close();
  });
});

describe("session counter", () => {
  it("wraps from 0x7fffffff to 0", () => {
    const counter = createSessionCounter(0x7ffffffe);
    const none = (): boolean => false;
    expect([counter.next(none), counter.next(none), counter.next(none), counter.next(none)]).toEqual([0x7ffffffe, 0x7fffffff, 0, 1]);
  });

  it("skips sessions still in flight", () => {
    const counter = createSessionCounter(0);
    const busy = new Set([0, 1, 3]);
    expect(counter.next((s) => busy.has(s))).toBe(2);
    expect(counter.next((s) => busy.has(s))).toBe(4);
  });
});

describe("session table and timer wheel", () => {
  it("times out a call once, not before its deadline, and removes it", async () => {
    const wheel = createTimerWheel({ resolution: 5 });
    const table = new SessionTable({ wheel, clock: now, peer: "p:1" });
    const started = now();
    const result = new Promise<unknown>((resolve, reject) => {
      // A PendingCall registers itself in the table and the wheel.
      new PendingCall(table, table.nextSession(), resolve, reject, 40, undefined);
    });
    const error = await result.catch((e: unknown) => e);
    expect(isClusterError(error, "timeout")).toBe(true);
    expect(now() - started).toBeGreaterThanOrEqual(39);
    expect(table.size).toBe(0);
    expect(wheel.size).toBe(0);
    wheel.close();
  });

  it("resolve removes the wheel entry; a late resolve is ignored", async () => {
    const wheel = createTimerWheel({ resolution: 5 });
    const table = new SessionTable({ wheel, clock: now, peer: "p:1" });
    let settled = 0;
    new PendingCall(
      table,
      7,
      () => settled++,
      () => settled++,
      1000,
      undefined,
    );
    expect(wheel.size).toBe(1);
    expect(table.resolve(7, new Uint8Array())).toBe(true);
    expect(table.resolve(7, new Uint8Array())).toBe(false);
    expect(settled).toBe(1);
    expect(wheel.size).toBe(0);
    wheel.close();
  });

  it("rejects on abort and rejectAll empties the table", async () => {
    const wheel = createTimerWheel();
    const table = new SessionTable({ wheel, clock: now, peer: "p:1" });
    const controller = new AbortController();
    const codes: string[] = [];
    const onErr = (e: ClusterError): void => void codes.push(e.code);
    new PendingCall(table, 1, () => {}, onErr, 0, controller.signal);
    new PendingCall(table, 2, () => {}, onErr, 1000, undefined);
    controller.abort();
    table.rejectAll(new ClusterError("closed", "gone"));
    expect(codes).toEqual(["aborted", "closed"]);
    expect(table.size).toBe(0);
    expect(wheel.size).toBe(0);
    wheel.close();
  });

  it("a wheel stops its timer when empty", async () => {
    const wheel = createTimerWheel({ resolution: 2 });
    let fired = 0;
    wheel.add({ deadline: now() + 5, bucket: null, expire: () => fired++ });
    await waitFor(() => fired === 1, 2000);
    await delay(10);
    expect(wheel.size).toBe(0);
    wheel.close();
  });
});
