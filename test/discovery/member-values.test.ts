/** The registry key layout and member values: encoding, decoding and rejecting bad values. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeMemberValue, encodeMemberValue, memberKey, memberOf, readMemberValue } from "../../runtime/discovery/registry.ts";
import { createCluster } from "../../runtime/node/cluster.ts";
import type { Listener } from "../../runtime/connection/listener.ts";

describe("key layout and member values", () => {
  const listener = (host: string, port: number): Listener => ({
    address: { host, port },
    connections: 0,
    closed: false,
    wire: "silly-0.7.0",
  });

  it("keys are <prefix>services/<service>/<id>; values are {addr, wire, meta} JSON", () => {
    expect(memberKey("/clusterc/", "calc", "10.0.0.5:7001")).toBe("/clusterc/services/calc/10.0.0.5:7001");
    const m = memberOf("calc", listener("10.0.0.5", 7001), { meta: { zone: "a" } });
    expect(m).toEqual({ id: "10.0.0.5:7001", addr: "10.0.0.5:7001", wire: "silly-0.7.0", meta: { zone: "a" } });
    expect(JSON.parse(encodeMemberValue(m))).toEqual({ addr: "10.0.0.5:7001", wire: "silly-0.7.0", meta: { zone: "a" } });
    expect(decodeMemberValue("x", encodeMemberValue(m))).toEqual({ ...m, id: "x" });
  });

  it("an announced listener publishes its node's wire version (a 0.7.1 node is not announced as 0.7.0)", async () => {
    for (const wire of ["silly-0.7.0", "silly-0.7.1"] as const) {
      const node = createCluster({ wire });
      try {
        const bound = await node.listen("127.0.0.1:0");
        expect(bound.wire).toBe(wire);
        expect(memberOf("calc", bound).wire).toBe(wire);
        expect(memberOf("calc", bound, { wire: "silly-0.7.0" }).wire).toBe("silly-0.7.0");
      } finally {
        await node.shutdown();
      }
    }
  });

  it("advertise replaces the host (keeping the port) or the whole address; wildcards become a real address", () => {
    expect(memberOf("calc", listener("0.0.0.0", 7001), { advertise: "game-1.internal" }).addr).toBe("game-1.internal:7001");
    expect(memberOf("calc", listener("0.0.0.0", 7001), { advertise: "10.1.1.1:9000" }).addr).toBe("10.1.1.1:9000");
    expect(memberOf("calc", listener("0.0.0.0", 7001), { advertise: "::1" }).addr).toBe("[::1]:7001");
    expect(memberOf("calc", listener("0.0.0.0", 7001)).addr).not.toMatch(/^0\.0\.0\.0:/);
    expect(memberOf("calc", "127.0.0.1:7002", { id: "node-7", wire: "silly-0.7.1" })).toEqual({
      id: "node-7",
      addr: "127.0.0.1:7002",
      wire: "silly-0.7.1",
    });
  });

  it("rejects bad announcements and ignores malformed values", () => {
    for (const make of [
      () => memberOf("a/b", "127.0.0.1:1"),
      () => memberOf("calc", "127.0.0.1:0"),
      () => memberOf("calc", "nope"),
      () => memberOf("calc", "127.0.0.1:1", { id: "x/y" }),
      () => memberOf("calc", "127.0.0.1:1", { wire: "silly-9" as never }),
    ]) {
      expect(make).toThrowError(expect.objectContaining({ code: "invalid-argument" }));
    }
    for (const text of ["", "[]", "{}", '{"addr":5}', '{"addr":"no-port"}', "not json"])
      expect(decodeMemberValue("x", text)).toBeUndefined();
    expect(decodeMemberValue("x", '{"addr":"h:1","wire":"other","extra":1}')).toEqual({ id: "x", addr: "h:1" });
  });

  it("refuses values over the size limit and meta nested too deep, saying why, without recursing (issue 23)", () => {
    const deep = (n: number): string => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;
    expect(readMemberValue("x", `{"addr":"h:1","meta":${deep(32)}}`)).toMatchObject({ id: "x", addr: "h:1" });
    expect(readMemberValue("x", `{"addr":"h:1","meta":${deep(33)}}`)).toBe('"meta" nests deeper than 32');
    expect(readMemberValue("x", `{"addr":"h:1","meta":${deep(100_000)}}`, { maxValueBytes: 10 * 1024 * 1024 })).toMatch(/nests deeper/);
    expect(readMemberValue("x", `{"addr":"h:1","meta":{"p":"${"x".repeat(70_000)}"}}`)).toMatch(/over the limit of 65536/);
    expect(readMemberValue("x", Buffer.from('{"addr":"h:1"}'), { maxValueBytes: 5 })).toMatch(/over the limit of 5/);
    expect(readMemberValue("x", "not json")).toBe("value is not JSON");
    expect(() => readMemberValue("x", "{}", { maxMetaDepth: 0 })).toThrowError(expect.objectContaining({ code: "invalid-argument" }));
  });

  it("reads any value without throwing: a member or a reason (property)", () => {
    const values = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ""),
      fc.record({ addr: fc.string(), wire: fc.string(), meta: fc.jsonValue() }).map((v) => JSON.stringify(v)),
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
    );
    fc.assert(
      fc.property(values, (value) => {
        const read = readMemberValue("id", value);
        expect(typeof read === "string" || read.id === "id").toBe(true);
      }),
      { numRuns: 500, seed: 23 },
    );
  });

  it("refuses to announce what a watcher would ignore: meta too deep, cyclic or too large", () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { a: deep };
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const meta of [deep, cyclic, { pad: "x".repeat(70_000) }]) {
      expect(() => memberOf("calc", "127.0.0.1:1", { meta })).toThrowError(expect.objectContaining({ code: "invalid-argument" }));
    }
  });
});
