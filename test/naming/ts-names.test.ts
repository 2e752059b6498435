/** Name conversion (`naming/ts-names.ts`): examples and properties. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { camelName, memberName, pascalName, structTypeName } from "../../compiler/naming/ts-names.ts";

describe("naming", () => {
  it.each([
    ["slow_add", "slowAdd", "SlowAdd"],
    ["delay_ms", "delayMs", "DelayMs"],
    ["add", "add", "Add"],
    ["Add", "add", "Add"],
    ["HTTPReq", "httpReq", "HTTPReq"],
    ["HP", "hp", "HP"],
    ["userID", "userID", "UserID"],
    ["item_2", "item2", "Item2"],
    ["a__b", "aB", "AB"],
    ["ID_card", "idCard", "IDCard"],
  ])("%s: member %s, type %s", (name, camel, pascal) => {
    expect(camelName(name)).toBe(camel);
    expect(pascalName(name)).toBe(pascal);
  });

  it("keeps the schema's spelling with naming 'schema', nests types with '_'", () => {
    expect(memberName("delay_ms", "schema")).toBe("delay_ms");
    expect(memberName("delay_ms", "camel")).toBe("delayMs");
    expect(structTypeName("player.stats_ex")).toBe("Player_StatsEx");
  });

  it("camelCase is idempotent, has no '_', and starts lower-case", () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/);
    fc.assert(
      fc.property(name, (n) => {
        const c = camelName(n);
        expect(camelName(c)).toBe(c);
        expect(c).not.toContain("_");
        expect(c[0]).toBe(c[0]?.toLowerCase());
      }),
      { numRuns: 500, seed: 17 },
    );
  });
});
