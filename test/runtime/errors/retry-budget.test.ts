/**
 * The retry budget as a property (fast-check): from any history of successes and failures, the
 * tokens stay within [0, max]; a retry is allowed exactly while more than half are left; and a run
 * of failures from any state allows at most as many retries as there are tokens above half.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attemptShare, RetryBudget } from "../../../runtime/discovery/retry-budget.ts";
import { isClusterError } from "../../../runtime/core/errors.ts";

describe("retry budget", () => {
  it("holds its bounds and its rule over any history", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.array(fc.boolean(), { maxLength: 200 }),
        fc.integer({ min: 1, max: 200 }),
        (max, ratio, history, storm) => {
          const budget = new RetryBudget({ maxTokens: max, tokenRatio: ratio });
          for (const ok of history) {
            if (ok) budget.succeeded();
            else expect(budget.failed()).toBe(budget.left > max / 2);
            expect(budget.left).toBeGreaterThanOrEqual(0);
            expect(budget.left).toBeLessThanOrEqual(max);
          }
          const above = budget.left - max / 2;
          let allowed = 0;
          for (let i = 0; i < storm; i++) if (budget.failed()) allowed++;
          expect(allowed).toBeLessThanOrEqual(Math.max(0, Math.ceil(above)));
        },
      ),
    );
  });

  it("rejects options out of range with invalid-argument", () => {
    for (const options of [{ maxTokens: 0 }, { maxTokens: Number.NaN }, { tokenRatio: -1 }, { tokenRatio: Infinity }]) {
      let caught: unknown;
      try {
        new RetryBudget(options);
      } catch (error) {
        caught = error;
      }
      expect(isClusterError(caught, "invalid-argument")).toBe(true);
    }
  });

  it("an attempt gets an equal share of what is left, the last one all of it", () => {
    expect(attemptShare(3000, 3, undefined)).toBe(1000);
    expect(attemptShare(3000, 1, undefined)).toBe(3000);
    expect(attemptShare(3000, 3, 200)).toBe(200);
    expect(attemptShare(100, 3, 200)).toBe(100);
  });
});
