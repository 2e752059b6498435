/**
 * Bounded fuzzing inside the test suite (a fixed seed per target, a few seconds each): the frame
 * decoder of both wire versions, every generated zproto decoder (plain and packed) over the
 * project, conformance and random schemas, and the schema compiler. `npm run fuzz` runs the same
 * targets for longer with fresh seeds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAllTargets, type AllTargets } from "../../scripts/fuzz/all-targets.ts";
import { checkFrameCase } from "../../scripts/fuzz/frame-target.ts";

const CASES: Readonly<Record<string, number>> = {
  "frame-decoder": 8000,
  "zproto-decode": 6000,
  "zproto-decode-packed": 6000,
  "schema-compiler": 1000,
};

let setup: AllTargets;
beforeAll(async () => {
  setup = await createAllTargets({ randomSchemas: 6 });
}, 60_000);
afterAll(() => setup?.cleanup());

describe("bounded fuzzing", () => {
  it("covers every generated codec of schemas/, the conformance schemas and random schemas", () => {
    expect(setup.codecCount).toBeGreaterThan(40);
  });

  it.each(Object.keys(CASES))("%s holds for its bounded case count", (name) => {
    const target = setup.targets.find((t) => t.name === name);
    expect(target).toBeDefined();
    const result = target!.run(CASES[name] as number, 20261125);
    expect(result.failure).toBeUndefined();
    expect(result.runs).toBe(CASES[name]);
  });

  it.each(["silly-0.7.0", "silly-0.7.1"] as const)("%s: every edge length value, cut at every byte, obeys the frame properties", (wire) => {
    const maxLen = 40;
    const prefix = wire === "silly-0.7.0" ? 2 : 4;
    for (const len of [0, 1, 3, 4, 15, 16, 39, 40, 41, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff]) {
      const bytes = Buffer.alloc(prefix + 48, 0xab);
      if (prefix === 2) bytes.writeUInt16BE(len & 0xffff, 0);
      else bytes.writeUInt32LE(len >>> 0, 0);
      for (let cut = 0; cut <= bytes.length; cut++) {
        expect(() => checkFrameCase({ wire, maxLen, bytes, cuts: [cut, Math.min(bytes.length, cut + 1)] })).not.toThrow();
      }
    }
  });
});
