/**
 * A short soak inside the suite: mixed load from both wire versions against child-process servers
 * that are killed, stalled and restarted at random. `npm run soak -- --seconds N` runs it longer.
 */
import { describe, expect, it } from "vitest";
import { runSoak } from "../../scripts/soak/run.ts";

describe("bounded soak", () => {
  it("ends with every operation settled by a deadline, nothing pending, no undocumented failure codes, no corrupt replies and nothing leaked", async () => {
    const report = await runSoak({ seconds: 8, serversPerWire: 1, workers: 16, chaosInterval: 800 });
    expect(report.finalPending).toBe(0);
    expect(report.finalTimers).toBe(0);
    expect(report.unsettledAtDeadline, "operations still open long after their timeout").toBe(0);
    expect(report.tally.corrupt).toBe(0);
    expect([...report.undocumented.keys()]).toEqual([]);
    expect(report.leakedResources).toEqual([]);
    expect(report.tally.ok).toBeGreaterThan(1000);
    expect([...report.chaos.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(2);
    expect(report.passed).toBe(true);
  }, 40_000);
});
