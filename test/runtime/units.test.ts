import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ClusterError,
  createBackoff,
  createRootTraceId,
  currentTraceId,
  formatAddress,
  isClusterError,
  parseAddress,
  runWithTrace,
  traceRoot,
} from "../../runtime/index.ts";
import { createSessionCounter, PendingCall, SessionTable } from "../../runtime/session.ts";
import { createTimerWheel, now } from "../../runtime/deadline.ts";
import { resolveOptions } from "../../runtime/options.ts";
import { delay, waitFor } from "./helpers.ts";

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

describe("backoff", () => {
  it("grows exponentially, is capped and resets", () => {
    const b = createBackoff({ initialDelay: 100, maxDelay: 1000, factor: 2, jitter: 0, random: () => 0.5 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1000]);
    expect(b.failures).toBe(5);
    b.reset();
    expect(b.next()).toBe(100);
  });

  it("keeps jittered delays within the band and the cap", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 1, maxLength: 12 }), (rs) => {
        let i = 0;
        const b = createBackoff({ initialDelay: 50, maxDelay: 2000, jitter: 0.3, random: () => rs[i++ % rs.length]! });
        for (let n = 0; n < rs.length; n++) {
          const base = Math.min(2000, 50 * 2 ** n);
          const d = b.next();
          expect(d).toBeGreaterThanOrEqual(Math.floor(base * 0.7) - 1);
          expect(d).toBeLessThanOrEqual(Math.min(2000, Math.ceil(base * 1.3) + 1));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("rejects bad settings", () => {
    expect(() => createBackoff({ initialDelay: 10, maxDelay: 5 })).toThrow(/invalid-argument/);
    expect(() => createBackoff({ jitter: 2 })).toThrow(/invalid-argument/);
  });
});

describe("trace ids", () => {
  it("makes root ids in silly's layout", () => {
    const id = createRootTraceId(0x1234);
    expect(id & 0xffffn).toBe(0x1234n);
    expect(id >> 48n).toBe(0x1234n);
    expect(createRootTraceId(0x1234)).not.toBe(id);
    expect(traceRoot(id)).toBe(id >> 16n);
  });

  it("carries the trace through async code", async () => {
    expect(currentTraceId()).toBeUndefined();
    const seen = await runWithTrace(42n, async () => {
      await delay(1);
      return currentTraceId();
    });
    expect(seen).toBe(42n);
  });
});

describe("addresses", () => {
  it("parses host:port and [v6]:port", () => {
    expect(parseAddress("127.0.0.1:80")).toEqual({ host: "127.0.0.1", port: 80 });
    expect(parseAddress("[::1]:0")).toEqual({ host: "::1", port: 0 });
    expect(parseAddress("example.com:65535")).toEqual({ host: "example.com", port: 65535 });
    expect(formatAddress({ host: "::1", port: 5 })).toBe("[::1]:5");
  });

  it.each(["nope", ":80", "host:", "host:65536", "::1:80", "[::1]80", "h:p"])("rejects %s", (text) => {
    expect(() => parseAddress(text)).toThrow(/invalid-argument/);
  });
});

describe("errors and options", () => {
  it("ClusterError.from keeps ClusterErrors and wraps the rest with a cause", () => {
    const e = new ClusterError("timeout", "slow", { peer: "a:1" });
    expect(ClusterError.from(e)).toBe(e);
    expect(e.message).toContain("a:1");
    const wrapped = ClusterError.from(new TypeError("bad"));
    expect(wrapped.code).toBe("internal");
    expect(wrapped.cause).toBeInstanceOf(TypeError);
    expect(ClusterError.from("text", "closed").code).toBe("closed");
  });

  it("validates options", () => {
    expect(() => resolveOptions({ nodeId: 70000 })).toThrow(/invalid-argument/);
    expect(() => resolveOptions({ timeout: -1 })).toThrow(/invalid-argument/);
    expect(() => resolveOptions({ limits: { maxPendingCalls: 0 } })).toThrow(/invalid-argument/);
    expect(() => resolveOptions({ limits: { maxFrameBytes: 65536 } })).toThrow(/invalid-argument/);
    expect(() => resolveOptions({ marshal: () => [1, new Uint8Array()] })).toThrow(/together/);
    const d = resolveOptions({});
    expect(d.wire).toBe("silly-0.7.0");
    expect(d.timeout).toBe(5000);
    expect(d.limits.maxFrameBytes).toBe(65535);
    expect(resolveOptions({ wire: "silly-0.7.1" }).limits.maxFrameBytes).toBe(128 * 1024 * 1024);
  });
});
