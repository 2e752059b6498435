/** A service target's admission policy (issue 23): the member cap, eager connects, connect concurrency. */
import { describe, expect, it } from "vitest";
import { MemberAdmission } from "../../runtime/discovery/member-admission.ts";
import { createMemoryLogger } from "../runtime/helpers.ts";

describe("member admission", () => {
  it("admits up to maxMembers, warning about each member refused", () => {
    const log = createMemoryLogger();
    const admission = new MemberAdmission({ maxMembers: 3 }, log, "calc");
    expect([0, 1, 2].map((size) => admission.admits(size, `m${size}`))).toEqual([true, true, true]);
    expect(admission.overflowed).toBe(false);
    expect(admission.admits(3, "x".repeat(1000))).toBe(false);
    expect(admission.overflowed).toBe(true);
    expect(log.lines).toHaveLength(1);
    expect(String(log.lines[0]?.fields?.member).length).toBeLessThan(300);
  });

  it("connects eagerly up to eagerConnectLimit members", () => {
    const admission = new MemberAdmission({ eagerConnectLimit: 2 }, createMemoryLogger(), "calc");
    expect([1, 2, 3].map((size) => admission.eager(size))).toEqual([true, true, false]);
    expect(new MemberAdmission({ eagerConnectLimit: 0 }, createMemoryLogger(), "calc").eager(1)).toBe(false);
  });

  it("runs at most connectConcurrency connects at once, and all of them in the end", async () => {
    const admission = new MemberAdmission({ connectConcurrency: 4 }, createMemoryLogger(), "calc");
    let running = 0;
    let most = 0;
    const pending: Array<() => void> = [];
    const connect = (): Promise<void> => {
      running++;
      most = Math.max(most, running);
      return new Promise<void>((resolve) =>
        pending.push(() => {
          running--;
          resolve();
        }),
      );
    };
    const all = Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => admission.gate(i % 7 === 0 ? () => Promise.reject(new Error("refused")) : connect)),
    );
    for (let rounds = 0; rounds < 100 && pending.length > 0; rounds++) {
      for (const done of pending.splice(0)) done();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const outcomes = await all;
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(8);
    expect(most).toBeLessThanOrEqual(4);
    expect(running).toBe(0);
  });

  it("rejects bad options", () => {
    for (const options of [{ maxMembers: 0 }, { connectConcurrency: 1.5 }, { eagerConnectLimit: -1 }]) {
      expect(() => new MemberAdmission(options, createMemoryLogger(), "calc")).toThrowError(
        expect.objectContaining({ code: "invalid-argument" }),
      );
    }
  });
});
