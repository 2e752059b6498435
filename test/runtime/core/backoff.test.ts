/** Reconnect backoff: growth, cap, jitter and validation. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createBackoff } from "../../../runtime/index.ts";

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
